import { OrganisationManagers } from '@/features/call-managers/components/organisation-managers';

export default function AdminManagersRoute() {
  return <OrganisationManagers />;
}
