// Browser stand-in for Node's "events": vtk.js (under Cornerstone) bundles xmlbuilder2, whose callback builder
// extends EventEmitter at module load. The viewer never builds XML; this keeps that module from failing to load.
export class EventEmitter {
  constructor() {
    this.listeners = new Map();
  }

  on(name, listener) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    return this;
  }

  off(name, listener) {
    this.listeners.set(name, (this.listeners.get(name) ?? []).filter((l) => l !== listener));
    return this;
  }

  removeListener(name, listener) {
    return this.off(name, listener);
  }

  emit(name, ...args) {
    const list = this.listeners.get(name) ?? [];
    list.forEach((l) => l.apply(this, args));
    return list.length > 0;
  }
}

export default { EventEmitter };
