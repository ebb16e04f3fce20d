/**
 * Calling the real HTTP app as a logged-in user in integration tests, and putting a product and
 * debtors (customer, contacts and a one-installment loan) in through the ingest API.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { ApiSession } from './api-session.js';

/** An authenticated request to the app: the session's cookies and CSRF token go with it. */
export type ApiCall = (
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: unknown,
) => Promise<LightMyRequestResponse>;

/**
 * Calls `app` as `session`. Pass a function for a session the test replaces as its clock moves
 * (each call then uses the current one); `acceptLanguage` is sent when given.
 */
export function apiCaller(
  app: FastifyInstance,
  session: ApiSession | (() => ApiSession),
  options: { acceptLanguage?: string } = {},
): ApiCall {
  return (method, url, payload) => {
    const { cookie, csrf } = typeof session === 'function' ? session() : session;
    return app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      headers: {
        cookie,
        'x-csrf-token': csrf,
        ...(options.acceptLanguage ? { 'accept-language': options.acceptLanguage } : {}),
      },
    });
  };
}

/** PUTs `body` to `url` and expects 200. */
async function putOk(call: ApiCall, url: string, body: unknown): Promise<void> {
  expect((await call('PUT', url, body)).statusCode).toBe(200);
}

/** Puts the one-month bullet product `code` at 18% a year. */
export async function putProduct(call: ApiCall, code: string, name = '现金贷'): Promise<void> {
  await putOk(call, `/api/v1/products/${code}`, {
    name,
    annualRate: '0.18',
    termMonths: 1,
    repaymentMethod: 'bullet',
  });
}

/** A debtor with one loan (product XJD1, 18%, one month) whose single installment falls due on `dueOn`. */
export interface DebtorSpec {
  /** The customer's source ref; their own contact is `${ref}-S`. */
  ref: string;
  loanRef: string;
  name: string;
  mobile: string;
  regionCode?: string;
  /** The contacts to put; by default the debtor's own mobile, valid. */
  contacts?: readonly Record<string, unknown>[];
  disbursedOn: string;
  dueOn: string;
  principalFen: number;
  interestDueFen: number;
}

/** Puts the customer, their contacts and their loan through the ingest API, expecting 200 each. */
export async function putDebtor(call: ApiCall, debtor: DebtorSpec): Promise<void> {
  const { ref, name, mobile, dueOn, principalFen } = debtor;
  await putOk(call, '/api/v1/customers', [
    {
      sourceRef: ref,
      name,
      idNumber: '110105199003071239',
      mobile,
      ...(debtor.regionCode === undefined ? {} : { regionCode: debtor.regionCode }),
    },
  ]);
  await putOk(
    call,
    '/api/v1/contacts',
    debtor.contacts ?? [
      { sourceRef: `${ref}-S`, customerRef: ref, role: 'self', name, phone: mobile, validity: 'valid' },
    ],
  );
  await putOk(call, '/api/v1/loans', [
    {
      sourceRef: debtor.loanRef,
      customerRef: ref,
      productCode: 'XJD1',
      principalFen,
      annualRate: '0.18',
      termMonths: 1,
      disbursedOn: debtor.disbursedOn,
      maturityOn: dueOn,
      schedule: [{ seq: 1, dueOn, principalDueFen: principalFen, interestDueFen: debtor.interestDueFen }],
    },
  ]);
}
