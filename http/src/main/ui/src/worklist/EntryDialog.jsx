import { useState } from 'react';
import { Dialog } from './Dialog.jsx';
import { EMPTY_FORM, formFromEntry, formProblems, orderFromForm } from './orderForm.js';
import { createEntry, updateEntry } from './worklistApi.js';

const MODALITIES = ['CT', 'MR', 'CR', 'DX', 'US', 'NM', 'PT', 'MG', 'XA', 'RF', 'OT'];

/** Creates an entry ({@code entry} absent) or edits one; calls onSaved with the stored entry. */
export function EntryDialog({ entry, onClose, onSaved }) {
  const editing = Boolean(entry);
  const [form, setForm] = useState(() => (editing ? formFromEntry(entry) : { ...EMPTY_FORM }));
  const [problems, setProblems] = useState([]);
  const [busy, setBusy] = useState(false);

  const set = (name) => (e) => {
    setForm((f) => ({ ...f, [name]: e.target.value }));
    setProblems([]);
  };

  async function save(e) {
    e.preventDefault();
    const found = formProblems(form);
    setProblems(found);
    if (found.length) return;
    setBusy(true);
    try {
      const order = orderFromForm(form, editing ? entry.order : {});
      const saved = editing ? await updateEntry(entry.accessionNumber, order) : await createEntry(order);
      onSaved(saved);
    } catch (err) {
      setProblems([`The server refused the entry: ${err.message}`]);
    } finally {
      setBusy(false);
    }
  }

  const field = (name, label, props = {}) => (
    <label className="field">
      {label}
      <input name={name} value={form[name]} onChange={set(name)} {...props} />
    </label>
  );

  return (
    <Dialog title={editing ? `Edit worklist entry ${entry.accessionNumber}` : 'New worklist entry'} onClose={onClose}>
      <form onSubmit={save} className="worklist-form" noValidate>
        <fieldset>
          <legend>Order</legend>
          {field('accessionNumber', 'Accession number', { maxLength: 16, readOnly: editing, required: true })}
          <label className="field">
            Priority
            <select value={form.priority} onChange={set('priority')}>
              <option value="">(none)</option>
              {['STAT', 'HIGH', 'ROUTINE', 'MEDIUM', 'LOW'].map((p) => <option key={p}>{p}</option>)}
            </select>
          </label>
          {field('description', 'Procedure description')}
        </fieldset>
        <fieldset>
          <legend>Patient</legend>
          {field('patientId', 'Patient ID', { required: true })}
          {field('patientName', 'Patient name', { required: true, placeholder: 'Family^Given' })}
          {field('birthDate', 'Birth date', { type: 'date' })}
          <label className="field">
            Sex
            <select value={form.sex} onChange={set('sex')}>
              <option value="">(unknown)</option>
              <option value="F">F</option>
              <option value="M">M</option>
              <option value="O">O</option>
            </select>
          </label>
        </fieldset>
        <fieldset>
          <legend>Scheduled step</legend>
          {field('modality', 'Modality', { list: 'worklist-modalities', required: true, size: 6 })}
          <datalist id="worklist-modalities">
            {MODALITIES.map((m) => <option key={m} value={m} />)}
          </datalist>
          {field('stationAeTitle', 'Station AE title', { maxLength: 16 })}
          {field('startDate', 'Scheduled date', { type: 'date', required: true })}
          {field('startTime', 'Scheduled time', { type: 'time' })}
        </fieldset>
        {problems.length > 0 && (
          <div role="alert" className="error">
            {problems.map((p) => <p key={p}>{p}</p>)}
          </div>
        )}
        <div className="row">
          <button type="submit" disabled={busy}>{editing ? 'Save changes' : 'Create entry'}</button>
          <button type="button" className="secondary" onClick={onClose}>Close</button>
        </div>
      </form>
    </Dialog>
  );
}
