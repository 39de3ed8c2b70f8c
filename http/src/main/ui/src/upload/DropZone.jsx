import { useState } from 'react';
import { droppedFiles } from './collectFiles.js';

/** Where files, folders or ZIPs are dropped, with file and folder pickers for keyboard users. */
export function DropZone({ disabled, onFiles }) {
  const [over, setOver] = useState(false);

  async function drop(e) {
    e.preventDefault();
    setOver(false);
    if (!disabled) {
      onFiles(await droppedFiles(e.dataTransfer));
    }
  }

  function picked(e) {
    const files = [...e.target.files];
    e.target.value = '';
    if (files.length) onFiles(files);
  }

  return (
    <section className={'panel upload-drop' + (over ? ' upload-drop-over' : '')} aria-label="Files to upload"
             onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)}
             onDrop={drop}>
      <p><strong>Drop DICOM files, folders or ZIP archives here</strong>, or choose them:</p>
      <div className="row">
        <label className="field">
          Choose files
          <input type="file" multiple disabled={disabled} onChange={picked} />
        </label>
        <label className="field">
          Choose a folder
          <input type="file" multiple disabled={disabled} onChange={picked} webkitdirectory="" />
        </label>
      </div>
      <p className="muted">ZIPs are unpacked and every file is read here, in the browser, before anything is stored.</p>
    </section>
  );
}
