import { useRef, useState } from 'react';
import { Button, Checkbox, CheckboxGroup, Modal, ModalContent, ModalFooter, ModalTitle, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { OrganisationSelect } from '@/components/organisation-select';
import { ProblemAlert } from '@/components/problem-alert';
import { roleValues } from '@/lib/api/schema';
import type { Role, UserAdmin } from '@/lib/types';
import { useUpdateUser } from '../api/update-user';

/** The roles an admin grants: every role of the contract but participant, which everyone has. */
const ROLES: Role[] = roleValues.filter((r) => r !== 'participant');

interface Props {
  user: UserAdmin | null;
  onClose: () => void;
}

/**
 * Roles and organisation of one user, in a dialog that keeps focus inside until closed
 * (blocking: block-dialog). An admin may place a user in any organisation, whatever the
 * address's domain says.
 */
export function UserDialog({ user, onClose }: Props) {
  // A fresh form for each user opened.
  return user ? <OpenUserDialog key={user.id} user={user} onClose={onClose} /> : null;
}

function OpenUserDialog({ user, onClose }: { user: UserAdmin; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateUser();
  const [roles, setRoles] = useState<Role[]>(user.roles.filter((r) => r !== 'participant'));
  const [organisation, setOrganisation] = useState<string | null>(user.organisation_id ?? null);
  const firstRef = useRef<HTMLInputElement>(null);
  const toggle = (r: Role, on: boolean) => setRoles((old) => (on ? [...old.filter((x) => x !== r), r] : old.filter((x) => x !== r)));
  const save = () => {
    // The organisation only when changed, so that saving roles never moves anyone.
    const moved = organisation !== (user.organisation_id ?? null);
    update.mutate({ id: user.id, body: { roles, ...(moved ? { organisation_id: organisation } : {}) } }, { onSuccess: onClose });
  };
  return (
    <Modal visible appElementId="root" onEscKeyDown={onClose} focusOnOpenRef={firstRef}>
      <ModalContent>
        <ModalTitle>{t('admin.users.editTitle', { name: user.display_name })}</ModalTitle>
        <Paragraph>{user.email}</Paragraph>
        {update.error ? <ProblemAlert error={update.error} /> : null}
        <CheckboxGroup labelText={t('admin.users.roles')} groupHintText={t('admin.users.rolesHint')}>
          {ROLES.map((r, i) => (
            <Checkbox
              key={r}
              id={`role-${r}`}
              checked={roles.includes(r)}
              onClick={({ checkboxState }) => toggle(r, checkboxState)}
              ref={i === 0 ? firstRef : undefined}
            >
              {t(`roles.${r}`)}
            </Checkbox>
          ))}
        </CheckboxGroup>
        <OrganisationSelect
          id="user-organisation"
          className="user-dialog__organisation"
          labelText={t('auth.fields.organisation')}
          hintText={t('admin.users.organisationHint')}
          noneText={t('profile.noOrganisation')}
          value={organisation}
          onChange={setOrganisation}
          fullWidth
        />
      </ModalContent>
      <ModalFooter>
        <Button onClick={save} disabled={update.isPending}>
          {t('common.save')}
        </Button>
        <Button variant="secondary" onClick={onClose}>
          {t('common.cancel')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
