// Form controls the pages share: a labelled text field, a labelled select with an "All" choice
// (filters), a field with a hint under it, and a form's buttons with its action's words.
import type { ComponentChildren, InputHTMLAttributes } from 'preact';
import { ActionState, type Action } from './load';

// A text input inside its label; `onValue` gets the text as typed.
export function TextField(props: {
  label: ComponentChildren;
  class?: string;
  type: 'search' | 'password';
  name?: string;
  placeholder?: string;
  autocomplete?: string;
  value: string;
  onValue: (value: string) => void;
  onKeyDown?: (e: KeyboardEvent) => void;
}) {
  // Preact types an <input> by its type (the ARIA roles each allows), so each is written out.
  const type: InputHTMLAttributes<HTMLInputElement> =
    props.type === 'password' ? { type: 'password' } : { type: 'search' };
  return (
    <label class={props.class}>
      {props.label}
      <input
        {...type}
        name={props.name}
        autocomplete={props.autocomplete}
        placeholder={props.placeholder}
        value={props.value}
        onInput={(e) => props.onValue((e.target as HTMLInputElement).value)}
        onKeyDown={props.onKeyDown}
      />
    </label>
  );
}

// A select in its label: "All" (the empty value, for filters; none with `noAll`) and the options;
// a value not among them (from a shared URL) is still shown as itself.
export function Select(props: {
  label: string;
  name?: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  noAll?: boolean;
}) {
  const known = props.options.some((o) => o.value === props.value);
  return (
    <label>
      {props.label}
      <select
        name={props.name}
        value={props.value}
        onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}
      >
        {!props.noAll && <option value="">All</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {props.value && !known && <option value={props.value}>{props.value}</option>}
      </select>
    </label>
  );
}

// A form field with a hint under it; the control inside names the hint with
// aria-describedby={id}.
export function HintedField(props: {
  label: string;
  id: string;
  hint: ComponentChildren;
  wide?: boolean;
  children: ComponentChildren;
}) {
  return (
    <div class={props.wide ? 'form-field form-wide' : 'form-field'}>
      <label>
        {props.label}
        {props.children}
      </label>
      <small id={props.id} class="form-hint">
        {props.hint}
      </small>
    </div>
  );
}

// A form's buttons, `children` before the submit button (disabled while `action` runs), and the
// action's progress, error or outcome under them.
export function SubmitActions(props: { action: Action; label: string; children?: ComponentChildren }) {
  return (
    <>
      <div class="form-actions">
        {props.children}
        <button type="submit" disabled={!!props.action.busy}>
          {props.label}
        </button>
      </div>
      <ActionState action={props.action} />
    </>
  );
}
