import { AGENCY_ROLES, isAcceptablePassword, isRole, ROLES, Username } from '@huikuan/domain';
import { Alert, App as AntApp, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert } from '../api/ApiErrorAlert';
import { apiRequest } from '../api/apiClient';
import { fieldErrorsOf } from '../api/fieldErrors';
import type { CreateUserRequest, ListResponse, TeamRef, UserRecord } from '../api/types';
import { useApiQuery } from '../api/useApiQuery';
import { useLocale } from '../i18n/useLocale';

interface AddUserFields {
  username: string;
  displayName: string;
  password: string;
  roles: string[];
  teamCodes?: string[];
  agencyCode?: string;
}

const FIELDS = ['username', 'displayName', 'password', 'roles', 'teamCodes', 'agencyCode'] as const;

// Errors that concern one field are shown under it rather than above the form.
const FIELD_FOR_CODE = {
  USERNAME_TAKEN: 'username',
  WEAK_PASSWORD: 'password',
  TEAM_NOT_FOUND: 'teamCodes',
  AGENCY_REQUIRED: 'agencyCode',
} as const;

/** 新增用户 the form to create a user with roles, teams and (for agency roles) an agency. */
export function AddUserModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (user: UserRecord) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<AddUserFields>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const teams = useApiQuery<ListResponse<TeamRef>>(open ? '/api/v1/teams' : null);
  const selectedRoles = Form.useWatch('roles', form) ?? [];
  const needsAgency = selectedRoles.some((r) => isRole(r) && AGENCY_ROLES.includes(r));

  const submit = async (fields: AddUserFields) => {
    setSubmitting(true);
    setError(null);
    const body: CreateUserRequest = {
      username: fields.username.trim(),
      displayName: fields.displayName.trim(),
      password: fields.password,
      roles: fields.roles,
      ...(fields.teamCodes?.length ? { teamCodes: fields.teamCodes } : {}),
      ...(needsAgency && fields.agencyCode?.trim() ? { agencyCode: fields.agencyCode.trim() } : {}),
    };
    try {
      const created = await apiRequest<UserRecord>('POST', '/api/v1/users', { body });
      void message.success(t('users.created', { username: created.username }));
      onCreated(created);
    } catch (cause) {
      const fieldErrors = fieldErrorsOf(cause, locale, FIELDS, FIELD_FOR_CODE);
      form.setFields(fieldErrors);
      if (fieldErrors.length === 0) setError(cause);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('users.add')}
      okText={t('users.create')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      okButtonProps={{ htmlType: 'submit', loading: submitting }}
      destroyOnHidden
      afterClose={() => setError(null)}
      modalRender={(dom) => (
        <Form<AddUserFields>
          form={form}
          name="add-user"
          layout="vertical"
          clearOnDestroy
          onFinish={submit}
          data-testid="add-user-form"
        >
          {dom}
        </Form>
      )}
    >
      {error ? (
        <div style={{ marginBottom: 16 }}>
          <ApiErrorAlert error={error} />
        </div>
      ) : null}
      <Form.Item
        label={t('users.username')}
        name="username"
        rules={[
          { required: true, whitespace: true, message: t('users.usernameRequired') },
          {
            // The server's own schema, so the form accepts exactly what the API accepts.
            validator: (_, value: string | undefined) =>
              !value?.trim() || Username.safeParse(value).success
                ? Promise.resolve()
                : Promise.reject(new Error(t('users.usernameFormat'))),
          },
        ]}
      >
        <Input autoComplete="off" autoFocus />
      </Form.Item>
      <Form.Item
        label={t('users.displayName')}
        name="displayName"
        rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item
        label={t('users.password')}
        name="password"
        extra={t('users.passwordHint')}
        rules={[
          { required: true, message: t('users.passwordRequired') },
          {
            validator: (_, value: string | undefined) =>
              !value || isAcceptablePassword(value)
                ? Promise.resolve()
                : Promise.reject(new Error(t('users.passwordWeak'))),
          },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label={t('users.roles')}
        name="roles"
        rules={[{ required: true, type: 'array', min: 1, message: t('users.rolesRequired') }]}
      >
        <Select
          mode="multiple"
          allowClear
          options={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
          optionFilterProp="label"
        />
      </Form.Item>
      <Form.Item label={t('users.teams')} name="teamCodes">
        <Select
          mode="multiple"
          allowClear
          loading={teams.loading}
          options={(teams.data?.items ?? []).map((team) => ({
            value: team.code,
            label: `${team.name} (${team.code})`,
          }))}
          optionFilterProp="label"
        />
      </Form.Item>
      {teams.error ? <Alert type="warning" showIcon title={teams.error.messageIn(locale) ?? ''} /> : null}
      {needsAgency ? (
        <Form.Item
          label={t('users.agencyCode')}
          name="agencyCode"
          extra={t('users.agencyCodeHint')}
          rules={[{ required: true, whitespace: true, message: t('users.agencyRequired') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
      ) : null}
    </Modal>
  );
}
