// Dragoman's segment grid: every segment of a piece, source beside target, in one component.
// Typing and moving never rerun the page; saves go to the server in batches (on blur, after a pause, on
// Ctrl+Enter) and every unsaved text is kept in localStorage until the server has it.

const IDLE_MS = 1500; // a pause in typing after which the draft is saved
const RESEND_MS = 15000; // a batch with no answer by then is sent again (the server answers it once)

const esc = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
const el = (tag, cls, text) => {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
};

// Words of `a` that `b` lacks, marked: how a memory match's source differs from the segment's.
function wordDiff(a, b) {
  const x = a.split(/(\s+)/), y = new Set(b.split(/\s+/));
  if (x.length > 600) return esc(a);
  // a longest common subsequence on words, so that a repeated word is matched in order
  const wa = x.filter((_, i) => i % 2 === 0), wb = b.split(/\s+/);
  const n = wa.length, m = wb.length;
  if (n * m > 90000) return x.map((w, i) => (i % 2 || y.has(w) ? esc(w) : `<span class="dg-diff">${esc(w)}</span>`)).join("");
  const table = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      table[i][j] = wa[i] === wb[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
  const same = new Set();
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (wa[i] === wb[j]) { same.add(i); i++; j++; }
    else if (table[i + 1][j] >= table[i][j + 1]) i++;
    else j++;
  }
  return x.map((w, i) => (i % 2 || same.has(i / 2) || !w ? esc(w) : `<span class="dg-diff">${esc(w)}</span>`)).join("");
}

class Grid {
  constructor(host, data) {
    this.host = host;
    this.piece = data.piece;
    this.user = data.user;
    this.rows = new Map(); // segment id -> {data, node, box, server: {text, version, state}, base}
    this.pending = new Map(); // segment id -> {segment, text, base, done}
    this.pendingMarks = []; // a reviewer's accepts and flags, in order
    this.inFlight = null;
    this.filter = "all";
    this.restored = 0;
    this.build(data);
    window.__dragomanGrids = window.__dragomanGrids || new Set();
    window.__dragomanGrids.add(this);
    if (!window.__dragomanLeaveGuard) {
      window.__dragomanLeaveGuard = true;
      window.addEventListener("beforeunload", (event) => {
        for (const grid of window.__dragomanGrids) {
          if (grid.host.isConnected && grid.unsaved()) {
            grid.flush();
            event.preventDefault();
            event.returnValue = grid.labels.leave;
            return grid.labels.leave;
          }
        }
      });
    }
  }

  storageKey(id) { return `dragoman:${this.user}:${this.piece}:${id}`; }

  keep(row) {
    try {
      localStorage.setItem(this.storageKey(row.data.id), JSON.stringify({ text: row.box.value, base: row.base, at: Date.now() }));
    } catch (e) { /* storage full or off: the server save still runs */ }
  }

  forget(id) { try { localStorage.removeItem(this.storageKey(id)); } catch (e) { /* nothing kept */ } }

  kept(id) {
    try { return JSON.parse(localStorage.getItem(this.storageKey(id)) || "null"); } catch (e) { return null; }
  }

  unsaved() { return this.pending.size > 0 || this.inFlight !== null || [...this.rows.values()].some((r) => r.box.value !== r.server.text); }

  build(data) {
    this.labels = data.labels;
    this.editable = data.editable;
    this.review = data.mode === "review";
    this.host.replaceChildren();
    const root = el("div", "dg-grid");
    root.dataset.piece = data.piece;
    this.root = root;
    this.notice = el("div", "dg-notice");
    this.notice.hidden = true;
    const bar = el("div", "dg-toolbar");
    this.filters = el("div", "dg-filters");
    this.filters.setAttribute("role", "toolbar");
    const filters = { ...data.labels.filters, ...(this.review ? data.labels.review_filters : {}) };
    for (const [key, label] of Object.entries(filters)) {
      const button = el("button", "dg-filter");
      button.type = "button";
      button.dataset.filter = key;
      button.dataset.label = label;
      button.addEventListener("click", () => this.setFilter(key));
      this.filters.append(button);
    }
    const go = el("label", "dg-go");
    go.append(el("span", "", data.labels.go_to));
    this.goInput = el("input", "dg-go-input");
    this.goInput.type = "number";
    this.goInput.min = "1";
    this.goInput.addEventListener("keydown", (e) => {
      if (e.key === "Enter") { e.preventDefault(); this.goTo(Number(this.goInput.value)); }
    });
    go.append(this.goInput);
    this.progress = el("span", "dg-progress");
    const help = el("button", "dg-help-button", "⌨ " + data.labels.shortcuts_title);
    help.type = "button";
    help.addEventListener("click", () => this.toggleHelp());
    bar.append(this.filters, go, this.progress, help);
    this.help = el("div", "dg-help");
    this.help.hidden = true;
    const list = el("dl");
    const shortcuts = [...data.labels.shortcuts, ...(this.review ? data.labels.review_shortcuts : [])];
    for (const [keys, what] of shortcuts) { list.append(el("dt", "", keys), el("dd", "", what)); }
    this.help.append(el("strong", "", data.labels.shortcuts_title), list);
    this.list = el("div", "dg-rows");
    root.append(bar, this.help, this.notice, this.list);
    root.addEventListener("keydown", (e) => this.onKey(e));
    this.host.append(root);
    for (const row of data.rows) this.addRow(row, data);
    if (this.restored) this.say(fill(data.labels.restored_count, { n: this.restored }));
    this.refreshCounts();
  }

  addRow(d, data) {
    const L = data.labels;
    const node = el("div", "dg-row");
    node.dataset.id = d.id;
    node.dataset.n = d.n;
    node.id = `dg-segment-${d.id}`;
    const head = el("div", "dg-head");
    const number = el("span", "dg-n", `#${d.n}`);
    const kind = el("span", "dg-kind", d.kind);
    const state = el("span", "dg-state");
    const status = el("span", "dg-status");
    status.setAttribute("role", "status");
    head.append(number, kind, state, status);
    const source = el("div", "dg-source");
    if (d.previous_source) {
      source.append(el("div", "dg-caption", L.source_before));
      const before = el("div", "dg-text dg-before", d.previous_source);
      before.lang = data.source.lang; before.dir = data.source.dir;
      source.append(before, el("div", "dg-caption", L.source_now));
    }
    const text = el("div", "dg-text dg-source-text");
    text.lang = data.source.lang; text.dir = data.source.dir;
    text.innerHTML = d.source_html;
    source.append(text);
    if (d.note) source.append(el("div", "dg-caption", d.note));
    for (const term of d.terms) {
      source.append(el("div", "dg-term", `📖 ${term.text} → ${term.translations.join(" / ")}${term.note ? ` (${term.note})` : ""}`));
    }
    if (d.tags.length) {
      const tags = el("div", "dg-caption", L.tags + ": ");
      tags.append(...d.tags.map((t) => el("span", "dg-tag-line", `${t.token} — ${t.label} ${t.markup.length > 70 ? t.markup.slice(0, 69) + "…" : t.markup}`)));
      source.append(tags);
    }
    const chips = el("div", "dg-placeables");
    d.placeables.forEach((p, i) => {
      const chip = el("button", `dg-chip dg-chip-${p.kind}`);
      chip.type = "button";
      chip.dir = "ltr";
      chip.textContent = p.text || `${p.open}…${p.close}`;
      chip.title = L.placeables;
      chip.addEventListener("mousedown", (e) => e.preventDefault()); // keep the cursor in the box
      chip.addEventListener("click", () => this.insertPlaceable(this.rows.get(d.id), i));
      chips.append(chip);
    });
    if (d.placeables.length) source.append(chips);
    const target = el("div", "dg-target");
    const box = el("textarea", "dg-box");
    box.lang = data.target.lang;
    box.dir = data.target.dir;
    box.rows = Math.min(12, Math.max(3, Math.ceil(d.source.length / 60)));
    box.value = d.target;
    box.readOnly = !this.editable;
    box.setAttribute("aria-label", `${L.translation} #${d.n}`);
    box.dataset.id = d.id;
    const tools = el("div", "dg-tools");
    const copy = el("button", "dg-copy", L.copy_source);
    copy.type = "button";
    copy.addEventListener("click", () => this.copySource(this.rows.get(d.id)));
    tools.append(copy);
    const extra = el("div", "dg-extra"); // findings, prefill note, conflicts, memory matches: redrawn on data
    const marking = el("div", "dg-review");
    target.append(box, tools, marking, extra);
    node.append(head, source, target);
    this.list.append(node);
    const row = { data: d, node, box, state, status, extra, marking, server: { text: d.target, version: d.version, state: d.state }, base: d.version, message: "" };
    this.rows.set(d.id, row);
    box.addEventListener("input", () => { this.keep(row); this.touch(row); });
    box.addEventListener("blur", () => { if (this.changed(row)) this.queue(row, false); });
    box.addEventListener("focus", () => node.classList.add("dg-current"));
    box.addEventListener("focusout", () => node.classList.remove("dg-current"));
    const kept = this.kept(d.id);
    if (kept && kept.text !== d.target && this.editable) {
      if (kept.base === d.version) {
        box.value = kept.text;
        row.message = L.restored;
        this.restored++;
        this.touch(row);
      } else {
        row.kept = kept; // typed on a version the server has since replaced: show both, decide
      }
    } else if (kept) {
      this.forget(d.id);
    }
    if (this.review && this.editable) this.addMarking(row);
    this.drawRow(row);
  }

  addMarking(row) {
    const L = this.labels;
    const accept = el("button", "dg-accept", "✔ " + L.accept);
    accept.type = "button";
    accept.addEventListener("click", () => this.toggleAccept(row));
    const flag = el("button", "dg-flag", "⚑ " + L.flag);
    flag.type = "button";
    const form = el("div", "dg-flag-form");
    form.hidden = true;
    const input = el("input", "dg-flag-input");
    input.type = "text";
    input.setAttribute("aria-label", L.flag_comment);
    input.placeholder = L.flag_comment;
    input.dir = "auto";
    const send = el("button", "dg-flag-send", L.flag);
    send.type = "button";
    const sendFlag = () => {
      if (!input.value.trim()) return input.focus();
      this.mark(row, "flagged", input.value);
      input.value = "";
      form.hidden = true;
    };
    send.addEventListener("click", sendFlag);
    input.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); sendFlag(); } });
    flag.addEventListener("click", () => { form.hidden = !form.hidden; if (!form.hidden) input.focus(); });
    form.append(input, send);
    row.marking.append(accept, flag, form);
    row.flagInput = input;
    row.flagForm = form;
    row.acceptButton = accept;
  }

  toggleAccept(row) { this.mark(row, row.data.mark && row.data.mark.verdict === "accepted" ? null : "accepted", ""); }

  mark(row, verdict, comment) {
    if (!this.editable || !this.review) return;
    this.pendingMarks.push({ kind: "mark", segment: row.data.id, verdict, comment });
    row.marking.dataset.busy = "yes";
    this.flush();
  }

  drawRow(row) {
    const d = row.data, L = this.labels;
    row.drawn = JSON.stringify([row.data, row.server, row.error, row.conflict, row.kept, row.message]);
    const key = d.outdated ? "outdated" : row.server.state;
    row.node.dataset.state = key;
    row.node.dataset.findings = d.findings.length ? "yes" : "no";
    row.node.dataset.mark = d.mark ? d.mark.verdict : "none";
    row.node.dataset.changed = d.changed_html ? "yes" : "no";
    if (row.acceptButton) row.acceptButton.setAttribute("aria-pressed", String(!!d.mark && d.mark.verdict === "accepted"));
    row.state.textContent = L.states[key] || key;
    row.state.className = `dg-state dg-state-${key}`;
    const extra = row.extra;
    extra.replaceChildren();
    if (row.message) extra.append(el("div", "dg-caption dg-restored", row.message));
    if (d.mark) {
      const said = d.mark.verdict === "accepted" ? "✔ " + fill(L.accepted, { person: d.mark.by }) : "⚑ " + fill(L.flagged, { person: d.mark.by, comment: d.mark.comment });
      const line = el("div", `dg-mark dg-mark-${d.mark.verdict}`, said);
      if (this.review && this.editable && d.mark.verdict === "flagged") {
        const undo = el("button", "dg-unmark", L.unmark);
        undo.type = "button";
        undo.addEventListener("click", () => this.mark(row, null, ""));
        line.append(" ", undo);
      }
      extra.append(line);
    }
    if (d.edited_by) extra.append(el("div", "dg-caption dg-edited", "✍ " + fill(L.edited_by, { person: d.edited_by })));
    if (d.changed_html) {
      const changed = el("div", "dg-changed");
      changed.append(el("div", "dg-caption", L.changed_since));
      const diff = el("div", "dg-text");
      diff.dir = this.targetDir(row);
      diff.innerHTML = d.changed_html; // escaped by the server, with <ins> and <del>
      changed.append(diff);
      extra.append(changed);
    }
    if (d.prefilled) extra.append(el("div", "dg-caption", L.prefilled));
    for (const f of d.findings) {
      const line = el("div", `dg-finding dg-${f.severity}`, `${f.icon} ${f.check}: ${f.message}`);
      if (f.fix !== null && f.fix !== undefined && this.editable) {
        const apply = el("button", "dg-fix", L.apply_fix);
        apply.type = "button";
        apply.addEventListener("click", () => this.replace(row, f.fix));
        line.append(" ", apply);
      }
      extra.append(line);
    }
    for (const w of d.set_aside) extra.append(el("div", "dg-finding dg-set-aside", `✓ ${w.check} — ${w.kind}: ${w.reason}`));
    if (row.kept) {
      const panel = el("div", "dg-conflict");
      panel.append(el("div", "", L.kept));
      const mine = el("div", "dg-text", row.kept.text);
      mine.dir = this.targetDir(row);
      const use = el("button", "dg-use-mine", L.use_mine);
      use.type = "button";
      use.addEventListener("click", () => { const text = row.kept.text; row.kept = null; row.base = row.server.version; this.replace(row, text); });
      const drop = el("button", "dg-discard-mine", L.discard_mine);
      drop.type = "button";
      drop.addEventListener("click", () => { row.kept = null; this.forget(d.id); this.drawRow(row); });
      panel.append(mine, use, drop);
      extra.append(panel);
    }
    if (row.conflict) {
      const c = row.conflict;
      const panel = el("div", "dg-conflict");
      panel.append(el("div", "", fill(L.conflict, { person: c.by, time: c.at })));
      const theirs = el("div", "dg-text dg-theirs", c.theirs);
      theirs.dir = this.targetDir(row);
      panel.append(theirs, el("div", "dg-caption", L.conflict_kept));
      const keepTheirs = el("button", "dg-keep-theirs", L.keep_theirs);
      keepTheirs.type = "button";
      keepTheirs.addEventListener("click", () => {
        row.conflict = null; row.base = c.version; row.server = { text: c.theirs, version: c.version, state: row.server.state };
        row.box.value = c.theirs; this.forget(d.id); this.drawRow(row); this.refreshCounts();
      });
      const saveMine = el("button", "dg-save-mine", L.save_mine);
      saveMine.type = "button";
      saveMine.addEventListener("click", () => { row.conflict = null; row.base = c.version; this.queue(row, row.server.state === "done"); });
      panel.append(keepTheirs, saveMine);
      extra.append(panel);
    }
    const matches = el("div", "dg-matches");
    d.matches.forEach((m, i) => {
      const match = el("div", "dg-match");
      const notes = [`${m.score}%`, m.origin === "approved" ? L.approved : m.origin];
      if (!m.reviewed) notes.push(L.not_reviewed);
      if (m.same_context) notes.push(L.this_article);
      const head = el("div", "dg-caption", `🧠 ${i + 1} · ${notes.join(" · ")}`);
      const src = el("div", "dg-text dg-match-source");
      src.dir = this.root.querySelector(".dg-source-text")?.dir || "auto";
      src.innerHTML = m.score < 100 ? wordDiff(m.source, d.source) : esc(m.source);
      const tgt = el("div", "dg-text dg-match-target", m.target);
      tgt.dir = this.targetDir(row);
      const use = el("button", "dg-use", L.use);
      use.type = "button";
      use.title = `Alt+${i + 1}`;
      use.disabled = !this.editable;
      use.addEventListener("click", () => this.replace(row, m.target));
      match.append(head, src, tgt, use);
      matches.append(match);
    });
    if (d.matches.length) extra.append(matches);
    this.showStatus(row);
  }

  targetDir(row) { return row.box.dir; }

  showStatus(row) {
    const L = this.labels;
    let text = "", cls = "dg-status";
    if (row.error) { text = row.error; cls += " dg-status-error"; }
    else if (this.inFlight && this.inFlight.saves.some((s) => s.segment === row.data.id && s.kind !== "mark")) { text = L.saving; cls += " dg-status-saving"; }
    else if (row.box.value !== row.server.text || this.pending.has(row.data.id)) { text = row.offline ? L.offline : L.unsaved; cls += " dg-status-unsaved"; }
    else if (row.savedOnce) { text = L.saved; cls += " dg-status-saved"; }
    row.status.textContent = text;
    row.status.className = cls;
    row.node.dataset.saved = text === L.saved ? "yes" : row.box.value === row.server.text ? "clean" : "no";
  }

  touch(row) {
    clearTimeout(row.idle);
    row.error = "";
    this.showStatus(row);
    if (!this.editable) return;
    row.idle = setTimeout(() => { if (this.changed(row)) this.queue(row, false); }, IDLE_MS);
  }

  // the box holds text the server has not got and that is not on its way already
  changed(row) {
    const id = row.data.id, text = row.box.value;
    if (text === row.server.text) return false;
    if (this.pending.has(id) && this.pending.get(id).text === text) return false;
    return !(this.inFlight && this.inFlight.saves.some((s) => s.segment === id && s.kind !== "mark" && s.text === text));
  }

  queue(row, done) {
    if (!this.editable || row.conflict) return;
    clearTimeout(row.idle);
    this.pending.set(row.data.id, { segment: row.data.id, text: row.box.value, base: row.base, done });
    this.showStatus(row);
    this.flush();
  }

  flush() {
    if (this.inFlight || (this.pending.size === 0 && this.pendingMarks.length === 0) || !this.setTrigger) return;
    const saves = [...this.pending.values(), ...this.pendingMarks];
    this.pending.clear();
    this.pendingMarks = [];
    const nonce = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    this.inFlight = { nonce, saves };
    for (const s of saves) if (s.kind !== "mark") this.showStatus(this.rows.get(s.segment));
    this.send();
  }

  send() {
    const flight = this.inFlight;
    this.setTrigger("save", { nonce: flight.nonce, saves: flight.saves });
    clearTimeout(this.resend);
    this.resend = setTimeout(() => {
      if (this.inFlight !== flight) return;
      for (const s of flight.saves) { const r = this.rows.get(s.segment); r.offline = true; this.showStatus(r); }
      this.send();
    }, RESEND_MS);
  }

  answered(ack) {
    if (!ack || !this.inFlight || ack.nonce !== this.inFlight.nonce) return;
    clearTimeout(this.resend);
    this.inFlight = null;
    for (const result of ack.results) {
      const row = this.rows.get(result.segment);
      if (!row) continue;
      row.offline = false;
      if (result.kind === "mark") {
        delete row.marking.dataset.busy;
        if (result.ok) row.data.mark = result.mark.verdict ? result.mark : null;
        else row.error = result.error;
        this.drawRow(row);
        continue;
      }
      if (result.ok) {
        row.server = { text: result.text, version: result.version, state: result.state };
        row.base = result.version;
        const next = this.pending.get(row.data.id);
        if (next) next.base = result.version; // typed on while this one travelled: it follows on the new version
        row.error = "";
        row.savedOnce = true;
        row.message = "";
        if (row.box.value === result.sent) {
          if (row.box.value !== result.text) row.box.value = result.text; // stored as NFC
          this.forget(row.data.id);
        } else {
          this.keep(row); // typed on while it travelled: the newer text goes next, on its new base
        }
      } else if (result.conflict) {
        row.conflict = result.conflict;
      } else {
        row.error = result.error;
      }
      this.drawRow(row);
    }
    this.refreshCounts();
    this.flush();
  }

  update(data) {
    this.labels = data.labels;
    for (const d of data.rows) {
      const row = this.rows.get(d.id);
      if (!row) continue;
      const changedElsewhere = d.version !== row.server.version && !this.pending.has(d.id) && !(this.inFlight && this.inFlight.saves.some((s) => s.segment === d.id));
      row.data = d;
      if (changedElsewhere && row.box.value === row.server.text) {
        row.box.value = d.target; // saved from another tab or person while this box was untouched
        row.server = { text: d.target, version: d.version, state: d.state };
        row.base = d.version;
      } else if (!changedElsewhere) {
        row.server.state = d.state;
      }
    }
    this.answered(data.ack);
    for (const row of this.rows.values()) {
      // only what changed is drawn again: a save answers one row, not forty
      const now = JSON.stringify([row.data, row.server, row.error, row.conflict, row.kept, row.message]);
      if (row.drawn !== now) this.drawRow(row);
    }
    this.refreshCounts();
  }

  counts() {
    const counts = { all: 0, empty: 0, draft: 0, done: 0, outdated: 0, findings: 0, unmarked: 0, accepted: 0, flagged: 0, changed: 0 };
    for (const row of this.rows.values()) {
      counts.all++;
      counts[row.node.dataset.state]++;
      if (row.data.findings.length) counts.findings++;
      counts[row.data.mark ? row.data.mark.verdict : "unmarked"]++;
      if (row.data.changed_html) counts.changed++;
    }
    return counts;
  }

  refreshCounts() {
    const counts = this.counts();
    for (const button of this.filters.children) {
      const key = button.dataset.filter;
      button.textContent = `${button.dataset.label} (${counts[key]})`;
      button.setAttribute("aria-pressed", String(key === this.filter));
    }
    this.progress.textContent = fill(this.labels.done_of, { done: counts.done, total: counts.all });
    this.applyFilter();
  }

  visible(row) {
    const f = this.filter;
    if (f === "all") return true;
    if (f === "findings") return row.data.findings.length > 0;
    if (f === "unmarked") return !row.data.mark;
    if (f === "accepted" || f === "flagged") return !!row.data.mark && row.data.mark.verdict === f;
    if (f === "changed") return !!row.data.changed_html;
    return row.node.dataset.state === f;
  }

  applyFilter() {
    for (const row of this.rows.values()) {
      // the focused row stays while its state changes under the cursor
      row.node.hidden = !this.visible(row) && document.activeElement !== row.box;
    }
  }

  setFilter(key) { this.filter = key; this.refreshCounts(); }

  ordered() { return [...this.rows.values()]; }

  current() {
    const active = document.activeElement;
    return this.rows.get(Number(active?.closest?.(".dg-row")?.dataset?.id));
  }

  focus(row) {
    if (!row) return;
    row.node.hidden = false;
    row.box.focus();
    row.node.scrollIntoView({ block: "nearest" });
  }

  move(from, step, test = (r) => !r.node.hidden) {
    const rows = this.ordered();
    let i = rows.indexOf(from);
    for (i += step; i >= 0 && i < rows.length; i += step) if (test(rows[i])) return this.focus(rows[i]);
  }

  goTo(n) {
    const row = this.ordered().find((r) => r.data.n === n);
    if (row) { this.filter = "all"; this.refreshCounts(); this.focus(row); }
  }

  toggleHelp() { this.help.hidden = !this.help.hidden; }

  say(text) { this.notice.textContent = text; this.notice.hidden = !text; }

  edit(row, start, end, text, select = null) {
    // through the browser's editing command, so Ctrl+Z undoes it
    const box = row.box;
    box.focus();
    box.setSelectionRange(start, end);
    if (!document.execCommand("insertText", false, text)) box.setRangeText(text, start, end, "end");
    if (select) box.setSelectionRange(...select);
    this.keep(row);
    this.touch(row);
  }

  replace(row, text) { if (this.editable) this.edit(row, 0, row.box.value.length, text); }

  copySource(row) { if (row) this.replace(row, row.data.source); }

  insertPlaceable(row, index) {
    if (!row || !this.editable) return;
    const p = row.data.placeables[index];
    const box = row.box, start = box.selectionStart, end = box.selectionEnd;
    if (p.text) return this.edit(row, start, end, p.text);
    const words = box.value.slice(start, end);
    const at = start + p.open.length + words.length;
    this.edit(row, start, end, p.open + words + p.close, words ? [at + p.close.length, at + p.close.length] : [at, at]);
  }

  nextPlaceable(row) {
    const have = row.box.value;
    const index = row.data.placeables.findIndex((p) => (p.text ? !have.includes(p.text) : !(have.includes(p.open) && have.includes(p.close))));
    if (index >= 0) this.insertPlaceable(row, index);
  }

  onKey(e) {
    const row = this.current();
    const code = e.code;
    if (e.altKey && !e.ctrlKey && !e.metaKey) {
      if (code === "KeyG") { e.preventDefault(); this.goInput.focus(); this.goInput.select(); return; }
      if (code === "KeyH") { e.preventDefault(); this.toggleHelp(); return; }
      if (!row) return;
      if (code === "ArrowDown") { e.preventDefault(); this.move(row, 1); }
      else if (code === "ArrowUp") { e.preventDefault(); this.move(row, -1); }
      else if (code === "KeyC") { e.preventDefault(); this.copySource(row); }
      else if (code === "KeyP") { e.preventDefault(); this.nextPlaceable(row); }
      else if (code === "KeyD") { e.preventDefault(); this.queue(row, row.server.state !== "done"); }
      else if (code === "KeyA" && this.review) { e.preventDefault(); this.toggleAccept(row); }
      else if (code === "KeyF" && this.review && row.flagForm) { e.preventDefault(); row.flagForm.hidden = false; row.flagInput.focus(); }
      else if (/^Digit[1-9]$/.test(code)) {
        const match = row.data.matches[Number(code.slice(5)) - 1];
        e.preventDefault();
        if (match) this.replace(row, match.target);
      }
      return;
    }
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter" && row && e.target === row.box) {
      e.preventDefault();
      this.queue(row, true);
      this.move(row, 1, (r) => !r.node.hidden && (r.server.state !== "done" || r.data.outdated) && r !== row);
    }
  }
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let grid = parentElement.__dragomanGrid;
  if (!grid || grid.piece !== data.piece || !grid.root.isConnected) {
    grid = new Grid(parentElement.querySelector(".dg-grid-root") || parentElement, data);
    parentElement.__dragomanGrid = grid;
    grid.setTrigger = setTriggerValue;
    grid.answered(data.ack);
  } else {
    grid.setTrigger = setTriggerValue;
    grid.update(data);
  }
  grid.flush(); // texts restored from this browser go to the server now
}
