// Turns what the user dropped or chose (files, folders, ZIP archives) into a flat list of named byte arrays; ZIPs are
// expanded here in the browser, so each instance can be previewed, edited and reported on by itself.
import { unzipSync } from 'fflate';

let nextId = 1;

/** One file to upload: its display name (path inside a folder or ZIP) and its bytes. */
function item(name, bytes) {
  return { id: nextId++, name, bytes };
}

function isZip(name, bytes) {
  return name.toLowerCase().endsWith('.zip')
    || (bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04);
}

/** The entries of a ZIP that hold data (no directories, no macOS resource forks), named "archive.zip/inner/path". */
export function expandZip(name, bytes) {
  const entries = unzipSync(bytes, {
    filter: (entry) => !entry.name.endsWith('/') && !entry.name.startsWith('__MACOSX/'),
  });
  return Object.entries(entries)
    .filter(([, data]) => data.length > 0)
    .sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))
    .map(([entryName, data]) => item(`${name}/${entryName}`, data));
}

/** Reads File objects (with their folder paths, if any) into items, expanding ZIPs. */
export async function readFiles(files) {
  const items = [];
  const problems = [];
  for (const file of files) {
    const name = file.relativePath || file.webkitRelativePath || file.name;
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (isZip(name, bytes)) {
      try {
        items.push(...expandZip(name, bytes));
      } catch (e) {
        problems.push(`${name}: not a readable ZIP archive (${e.message})`);
      }
    } else {
      items.push(item(name, bytes));
    }
  }
  return { items, problems };
}

function entryFile(entry) {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function readEntries(reader) {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

/** Every file under a dropped file-system entry, a folder read recursively; each File gets its relativePath. */
async function walk(entry, into) {
  if (entry.isFile) {
    const file = await entryFile(entry);
    file.relativePath = entry.fullPath.replace(/^\//, '');
    into.push(file);
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    // readEntries answers in batches until it answers nothing
    for (let batch = await readEntries(reader); batch.length; batch = await readEntries(reader)) {
      for (const child of batch) {
        await walk(child, into);
      }
    }
  }
}

/** The files of a drop, folders included. */
export async function droppedFiles(dataTransfer) {
  const entries = [...(dataTransfer.items ?? [])]
    .filter((i) => i.kind === 'file')
    .map((i) => i.webkitGetAsEntry?.())
    .filter(Boolean);
  if (!entries.length) {
    return [...(dataTransfer.files ?? [])];
  }
  const files = [];
  for (const entry of entries) {
    await walk(entry, files);
  }
  return files;
}
