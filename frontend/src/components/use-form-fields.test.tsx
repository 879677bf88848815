import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TextInput } from 'suomifi-ui-components';
import { describe, expect, it } from 'vitest';
import { ApiProblem } from '@/lib/problem';
import { useFormFields } from './use-form-fields';

function Form({ error }: { error: unknown }) {
  const form = useFormFields({ title: 'Alku', slug: '' }, error);
  return (
    <>
      <TextInput id="f-title" labelText="Otsikko" {...form.text('title')} />
      <TextInput id="f-slug" labelText="Tunniste" {...form.text('slug')} />
      <output>{form.values.title}</output>
    </>
  );
}

const invalid = new ApiProblem('validation_failed', 422, 'invalid', [
  { field: 'title', code: 'length', message: 'must be 5–140 characters', min: 5, max: 140 },
]);

describe('useFormFields', { timeout: 20_000 }, () => {
  it('keeps what is typed in the form’s values', async () => {
    const user = userEvent.setup({ delay: null });
    render(<Form error={null} />);
    await user.type(screen.getByLabelText('Otsikko'), ' ja loppu');
    expect(screen.getByRole('status').textContent).toBe('Alku ja loppu');
  });

  it('marks a field of a 422 invalid and links its message to it; other fields stay as they are', () => {
    render(<Form error={invalid} />);
    const title = screen.getByLabelText('Otsikko');
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('textbox', { description: /5–140/ })).toBe(title);
    const slug = screen.getByLabelText('Tunniste');
    expect(slug.getAttribute('aria-invalid')).not.toBe('true');
  });

  it('shows nothing when the error is not a 422', () => {
    render(<Form error={new ApiProblem('internal', 500, 'boom')} />);
    expect(screen.getByLabelText('Otsikko').getAttribute('aria-invalid')).not.toBe('true');
  });
});
