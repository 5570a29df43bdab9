// The VM inventory view's own CSS and script (MCP Apps, app.ts). Plain browser JavaScript kept as strings:
// the page must be one self-contained document (no CDN, no network), and tsc does not copy other files to
// dist/. The script runs after the package's App class (ext-apps' app-with-deps bundle) is inlined and
// reachable as `McpApps.App`. Every action goes back through the server's own tools (tools/call via the
// host), so policy and confirmation apply as they do to an agent: destroyVM's `confirmation_required` is
// shown and confirmed with its token, never bypassed.

export const VIEW_STYLE = `
:root{color-scheme:light dark;--fg:#1b1f24;--muted:#59636e;--bg:#fff;--line:#d1d9e0;--accent:#0969da;--bad:#cf222e;--good:#1a7f37;--warn:#9a6700}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--line:#3d444d;--accent:#4493f8;--bad:#f85149;--good:#3fb950;--warn:#d29922}}
*{box-sizing:border-box}
body{margin:0;padding:12px;font:13px/1.4 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:15px;margin:0 0 8px}
.bar{display:flex;gap:8px;flex-wrap:wrap;align-items:center;margin-bottom:8px}
input,select,button{font:inherit;color:inherit;background:transparent;border:1px solid var(--line);border-radius:6px;padding:4px 8px}
button{cursor:pointer}button:hover{border-color:var(--accent)}button:disabled{opacity:.5;cursor:default}
button.danger{color:var(--bad);border-color:var(--bad)}
#filter{min-width:18em}#count{color:var(--muted)}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);white-space:nowrap}
th{cursor:pointer;user-select:none;color:var(--muted);font-weight:600}
th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
tbody tr{cursor:pointer}tbody tr:hover,tbody tr.selected{background:color-mix(in srgb,var(--accent) 12%,transparent)}
.state{font-weight:600}.Running{color:var(--good)}.Stopped,.Destroyed,.Error{color:var(--bad)}.Starting,.Stopping{color:var(--warn)}
#detail{margin-top:12px;border:1px solid var(--line);border-radius:8px;padding:10px}
#detail[hidden]{display:none}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}dt{color:var(--muted)}dd{margin:0}
#confirm{border:1px solid var(--bad);border-radius:8px;padding:8px;margin:8px 0 12px}#confirm p{margin:6px 0}
#confirm[hidden]{display:none}
#status{margin-top:8px;color:var(--muted)}#status.error{color:var(--bad)}
`;

export const VIEW_BODY = `
<h1>CloudStack virtual machines</h1>
<div class="bar">
  <input id="filter" type="search" placeholder="Filter: name, zone, IP, offering" aria-label="Filter">
  <select id="state" aria-label="State"><option value="">All states</option></select>
  <select id="zone" aria-label="Zone"><option value="">All zones</option></select>
  <button id="refresh" type="button">Refresh</button>
  <span id="count"></span>
</div>
<table>
  <thead><tr>
    <th data-key="name">Name</th><th data-key="state">State</th><th data-key="zonename">Zone</th>
    <th data-key="ips">IPs</th><th data-key="serviceofferingname">Offering</th>
  </tr></thead>
  <tbody id="rows"></tbody>
</table>
<section id="detail" hidden>
  <h1 id="detail-name"></h1>
  <dl id="detail-fields"></dl>
  <div class="bar">
    <button type="button" data-action="startVM">Start</button>
    <button type="button" data-action="stopVM">Stop</button>
    <button type="button" data-action="rebootVM">Reboot</button>
    <button type="button" data-action="destroyVM" class="danger">Destroy</button>
  </div>
  <div id="confirm" hidden>
    <strong>Confirmation required</strong>
    <p id="confirm-action"></p>
    <p id="confirm-consequence"></p>
    <button type="button" id="confirm-yes" class="danger">Confirm destroy</button>
    <button type="button" id="confirm-no">Cancel</button>
  </div>
  <h1>Recent jobs</h1>
  <table><thead><tr><th>Command</th><th>Status</th><th>Created</th></tr></thead><tbody id="jobs"></tbody></table>
</section>
<div id="status" role="status"></div>
`;

export const VIEW_SCRIPT = `
(() => {
  const $ = (id) => document.getElementById(id);
  const app = new McpApps.App({ name: 'cloudstack-vms', version: '1.0.0' }, {});
  let vms = [];
  let sort = { key: 'name', dir: 1 };
  let selected;
  let pendingConfirm;

  const text = (value) => (value === undefined || value === null ? '' : String(value));
  const ipsOf = (vm) => (Array.isArray(vm.ipaddress) ? vm.ipaddress.join(', ') : text(vm.ipaddress ?? (vm.nic || []).map((n) => n.ipaddress).filter(Boolean).join(', ')));
  const setStatus = (message, error) => { $('status').textContent = message; $('status').className = error ? 'error' : ''; };

  /** A tool answer's object: structuredContent, or the JSON text every answer carries. */
  function answerOf(result) {
    if (result.structuredContent) return result.structuredContent;
    try { return JSON.parse(result.content?.[0]?.text ?? '{}'); } catch { return {}; }
  }
  /** List items in either format: items (detailed) or columns + rows (concise). */
  function itemsOf(answer) {
    if (Array.isArray(answer.items)) return answer.items;
    if (Array.isArray(answer.columns) && Array.isArray(answer.rows))
      return answer.rows.map((row) => Object.fromEntries(answer.columns.map((c, i) => [c, row[i]])));
    return [];
  }
  async function call(name, args) {
    const result = await app.callServerTool({ name, arguments: args });
    const answer = answerOf(result);
    if (result.isError) throw new Error(answer.error?.message ?? 'the call failed');
    return answer;
  }

  function fillSelect(select, values) {
    const chosen = select.value;
    select.length = 1;
    for (const value of [...new Set(values.filter(Boolean))].sort()) select.add(new Option(value, value));
    select.value = chosen;
  }
  function showList(items) {
    vms = items.map((vm) => ({ ...vm, ips: ipsOf(vm) }));
    fillSelect($('state'), vms.map((vm) => vm.state));
    fillSelect($('zone'), vms.map((vm) => vm.zonename));
    render();
  }
  function render() {
    const words = $('filter').value.trim().toLowerCase();
    const state = $('state').value;
    const zone = $('zone').value;
    const shown = vms
      .filter((vm) => (!state || vm.state === state) && (!zone || vm.zonename === zone))
      .filter((vm) => !words || [vm.name, vm.displayname, vm.zonename, vm.ips, vm.serviceofferingname, vm.state].join(' ').toLowerCase().includes(words))
      .sort((a, b) => sort.dir * text(a[sort.key]).localeCompare(text(b[sort.key]), undefined, { numeric: true }));
    const rows = $('rows');
    rows.replaceChildren(...shown.map((vm) => {
      const tr = document.createElement('tr');
      tr.dataset.id = vm.id;
      if (selected && selected.id === vm.id) tr.className = 'selected';
      for (const [value, cls] of [[vm.name], [vm.state, 'state ' + text(vm.state)], [vm.zonename], [vm.ips], [vm.serviceofferingname]]) {
        const td = document.createElement('td');
        td.textContent = text(value);
        if (cls) td.className = cls;
        tr.append(td);
      }
      tr.addEventListener('click', () => openVm(vm.id));
      return tr;
    }));
    $('count').textContent = shown.length + ' of ' + vms.length + ' VMs';
    for (const th of document.querySelectorAll('th[data-key]'))
      th.setAttribute('aria-sort', th.dataset.key === sort.key ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none');
  }

  function showVm(vm) {
    selected = vm;
    $('detail').hidden = false;
    $('detail-name').textContent = text(vm.name);
    const fields = [['State', vm.state], ['Zone', vm.zonename], ['IPs', ipsOf(vm)], ['Offering', vm.serviceofferingname],
      ['Template', vm.templatename], ['CPUs', vm.cpunumber], ['Memory (MiB)', vm.memory], ['Created', vm.created], ['Id', vm.id]];
    $('detail-fields').replaceChildren(...fields.filter(([, v]) => v !== undefined).flatMap(([k, v]) => {
      const dt = document.createElement('dt'); dt.textContent = k;
      const dd = document.createElement('dd'); dd.textContent = text(v);
      return [dt, dd];
    }));
    hideConfirm();
    render();
  }
  async function openVm(id) {
    try {
      const answer = await call('getVMStatus', { vm: id, format: 'detailed' });
      showVm(answer.vm);
      await loadJobs(id);
    } catch (error) { setStatus(error.message, true); }
  }
  /**
   * The VM's recent jobs: listAsyncJobs through callApi (the policy decides), kept to this VM's on the server
   * by a JMESPath query (over up to 5,000 jobs, so a busy cloud's list is not cut before this VM's), newest first.
   */
  async function loadJobs(id) {
    const body = $('jobs');
    try {
      if (!/^[A-Za-z0-9-]+$/.test(text(id))) throw new Error('unexpected VM id');
      const query = "[?jobinstanceid=='" + id + "'].{cmd: cmd, jobstatus: jobstatus, created: created}";
      const answer = await call('callApi', { api: 'listAsyncJobs', query, limit: 5000 });
      const jobs = (Array.isArray(answer.result) ? answer.result : [])
        .sort((a, b) => text(b.created).localeCompare(text(a.created))).slice(0, 10);
      body.replaceChildren(...jobs.map((job) => {
        const tr = document.createElement('tr');
        const status = ['pending', 'succeeded', 'failed'][job.jobstatus] ?? text(job.jobstatus);
        for (const value of [text(job.cmd).split('.').pop(), status, job.created]) {
          const td = document.createElement('td'); td.textContent = text(value); tr.append(td);
        }
        return tr;
      }));
      if (jobs.length === 0) body.innerHTML = '<tr><td colspan="3">No recent jobs</td></tr>';
    } catch (error) {
      body.innerHTML = '';
      const tr = document.createElement('tr'); const td = document.createElement('td');
      td.colSpan = 3; td.textContent = 'Jobs unavailable: ' + error.message; tr.append(td); body.append(tr);
    }
  }
  async function refresh() {
    try { showList(itemsOf(await call('listVirtualMachines', { format: 'detailed', limit: 1000 }))); }
    catch (error) { setStatus(error.message, true); }
  }

  function hideConfirm() { pendingConfirm = undefined; $('confirm').hidden = true; }
  async function act(tool, extra) {
    if (!selected) return;
    const name = selected.name;
    const buttons = document.querySelectorAll('#detail button');
    for (const b of buttons) b.disabled = true;
    setStatus(tool + ' ' + name + '...');
    try {
      const answer = await call(tool, { vm: selected.id, ...extra });
      if (answer.status === 'confirmation_required') {
        pendingConfirm = { tool, token: answer.confirmation.confirmToken };
        $('confirm-action').textContent = answer.confirmation.action;
        $('confirm-consequence').textContent = answer.confirmation.consequence;
        $('confirm').hidden = false;
        setStatus('Waiting for your confirmation: nothing was done yet.');
        return;
      }
      hideConfirm();
      setStatus(tool + ' ' + name + ': ' + (answer.note ?? answer.status ?? 'done') + (answer.vm?.state ? ' (' + answer.vm.state + ')' : ''));
      await refresh();
      await openVm(selected.id);
    } catch (error) {
      setStatus(tool + ' ' + name + ' failed: ' + error.message, true);
    } finally {
      for (const b of buttons) b.disabled = false;
    }
  }

  for (const th of document.querySelectorAll('th[data-key]')) th.addEventListener('click', () => {
    sort = sort.key === th.dataset.key ? { key: sort.key, dir: -sort.dir } : { key: th.dataset.key, dir: 1 };
    render();
  });
  for (const id of ['filter', 'state', 'zone']) $(id).addEventListener('input', render);
  $('refresh').addEventListener('click', refresh);
  for (const button of document.querySelectorAll('[data-action]')) button.addEventListener('click', () => act(button.dataset.action));
  $('confirm-yes').addEventListener('click', () => pendingConfirm && act(pendingConfirm.tool, { confirm: pendingConfirm.token }));
  $('confirm-no').addEventListener('click', () => { hideConfirm(); setStatus('Cancelled: nothing was done.'); });

  // The call that opened the view: a list fills the table, one VM opens its detail (and the list behind it).
  app.ontoolresult = (params) => {
    const answer = answerOf(params);
    if (params.isError) return setStatus(answer.error?.message ?? 'the call failed', true);
    if (answer.vm) { showVm(answer.vm); loadJobs(answer.vm.id); refresh(); }
    else showList(itemsOf(answer));
  };
  app.connect().then(() => setStatus(''), (error) => setStatus('Not connected to a host: ' + error.message, true));
})();
`;
