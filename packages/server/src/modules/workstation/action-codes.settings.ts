import { type ActionCode, DEFAULT_ACTION_CODES } from '@huikuan/domain';
import type { Repositories } from '../../db/unit-of-work.js';

/** The setting holding the institution's action code list (the shipped list until set). */
export const ACTION_CODES_KEY = 'action_codes';

export async function actionCodesOf(r: Repositories): Promise<ActionCode[]> {
  return (await r.settings.get<ActionCode[]>(ACTION_CODES_KEY)) ?? [...DEFAULT_ACTION_CODES];
}
