// Asks for a display name the first time someone opens a board on this browser (remembered
// afterwards), and lets them change it from their own avatar.
import { useState, type FormEvent } from 'react';
import { LIMITS } from '../../../../shared/board';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';

interface NameDialogProps {
  open: boolean;
  initial?: string;
  onSubmit: (name: string) => void;
  /** Omit to require a name (first visit). */
  onCancel?: () => void;
}

export function NameDialog({ open, initial = '', onSubmit, onCancel }: NameDialogProps) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  // A suggestion that arrives after the dialog opened (the signed-in name) fills an untouched field.
  const [offered, setOffered] = useState(initial);
  if (initial !== offered) {
    setOffered(initial);
    if (value === '' || value === offered) setValue(initial);
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const name = value.trim();
    if (name === '') return setError('Type the name others know you by.');
    if (name.length > LIMITS.nameLength) return setError(`Keep it under ${LIMITS.nameLength} characters.`);
    setError(null);
    onSubmit(name);
  };

  return (
    <Dialog
      open={open}
      title={onCancel ? 'Change your name' : 'What should others call you?'}
      description="Your name shows beside you while you are on the board. It is kept in this browser."
      {...(onCancel ? { onClose: onCancel } : {})}
    >
      <form className="dialog-form" onSubmit={submit} noValidate>
        <Field label="Your name" error={error}>
          <input
            className="input"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            autoComplete="name"
            data-autofocus
            placeholder="Sam Rivera"
            data-native-undo
          />
        </Field>
        <div className="dialog__footer">
          {onCancel && (
            <Button variant="ghost" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" variant="primary">
            {onCancel ? 'Save' : 'Join the board'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
