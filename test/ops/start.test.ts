// docker/cloudstack/start.sh and healthcheck.sh (the `cloudstack` service's entry point and health check) run
// here with stand-ins on PATH for what the simulator image has: curl answers per port from files, mysql answers
// the zone counts from files, supervisord records that it ran and was stopped, and deployDataCenter.py does
// what each test's script of attempts says (succeed, stop half way and exit 0, fail before making a zone, hang).
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../temp.js';
import { repoRoot, runBash } from './shell.js';

type Behaviour = 'ok' | 'partial' | 'early' | 'hang';

function image(behaviours: Behaviour[] = ['ok']) {
  const dir = tempDir('start');
  const file = (name: string) => path.join(dir, name);
  const put = (name: string, text: string) => {
    mkdirSync(path.dirname(file(name)), { recursive: true });
    writeFileSync(file(name), `${text}\n`);
  };
  const script = (name: string, body: string) => {
    writeFileSync(file(name), `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(file(name), 0o755);
  };
  script(
    'curl',
    'for url; do :; done; echo "$url" >> "$FAKE/curl.log"\ncase $url in *:8096/*) f=integration ;; *) f=api ;; esac\ncat "$FAKE/$f" 2>/dev/null || echo 000',
  );
  script(
    'mysql',
    'for query; do :; done\nif [[ $query == *allocation_state* ]]; then cat "$FAKE/ready"; else cat "$FAKE/zones"; fi',
  );
  script('python3', 'exec bash "$@"');
  script(
    'supervisord',
    'echo $$ > "$FAKE/supervisord.pid"; echo started >> "$FAKE/supervisord.log"\ntrap \'echo TERM >> "$FAKE/supervisord.log"; exit 0\' TERM\nwhile :; do sleep 0.1; done',
  );
  put(
    'deploy.py',
    `n=$(( $(cat "$FAKE/attempts" 2>/dev/null || echo 0) + 1 )); echo $n > "$FAKE/attempts"
echo "deployDataCenter $*"
case $(sed -n "\${n}p" "$FAKE/behaviours") in
  ok) echo 1 > "$FAKE/zones"; echo 1 > "$FAKE/ready" ;;
  partial) echo 1 > "$FAKE/zones"; echo "Create Zones Failed" ;;
  early) echo "updateConfiguration failed"; exit 1 ;;
  hang) echo $$ > "$FAKE/hang.pid"; exec -a "$FAKE/hang" sleep 300 ;;
esac`,
  );
  put('behaviours', behaviours.join('\n'));
  put('advanced.cfg', '{}');
  put('zones', '0');
  put('ready', '0');
  put('api', '401');
  put('integration', '200');
  const env = {
    ...process.env,
    PATH: `${dir}:${process.env.PATH}`,
    FAKE: dir,
    STATE_DIR: file('state'),
    SUPERVISORD: file('supervisord'),
    MARVIN_DEPLOY: file('deploy.py'),
    ZONE_CONFIG: file('advanced.cfg'),
    POLL_SECONDS: '0.05',
    DEPLOY_RETRY_SECONDS: '0',
    DEPLOY_TIMEOUT_SECONDS: '30',
  };
  const read = (name: string) => (existsSync(file(name)) ? readFileSync(file(name), 'utf8') : '');
  const img = { dir, env, put, read, state: () => read('state/zone').trim() };
  images.push(img);
  return img;
}

// Whatever a failing test leaves running: start.sh, the fake supervisord, a hanging fake deployment.
const running: ChildProcess[] = [];
const images: { dir: string; read: (name: string) => string }[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
  for (const img of images.splice(0)) {
    for (const pid of [img.read('supervisord.pid'), img.read('hang.pid')].map(Number).filter(Boolean)) {
      // Only while the pid is still ours (its command line names this test's directory).
      const cmdline = `/proc/${pid}/cmdline`;
      if (existsSync(cmdline) && readFileSync(cmdline, 'utf8').includes(img.dir))
        process.kill(pid, 'SIGKILL');
    }
  }
});

function start(img: ReturnType<typeof image>, env: Record<string, string> = {}) {
  const child = spawn('bash', ['docker/cloudstack/start.sh'], {
    cwd: repoRoot,
    env: { ...img.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let log = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    log += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, log: () => log };
}

/** Polls until the condition holds; the test's own timeout bounds it. */
async function until(condition: () => boolean) {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 25));
}

const health = (img: ReturnType<typeof image>) =>
  runBash(['docker/cloudstack/healthcheck.sh'], {
    PATH: img.env.PATH,
    FAKE: img.dir,
    STATE_DIR: img.env.STATE_DIR,
  });

describe('start.sh', () => {
  it('waits for the integration port (8096) before deploying, then reports deployed; TERM stops supervisord', async () => {
    const img = image(['ok']);
    img.put('integration', '000');
    const run = start(img);
    await until(() => img.read('curl.log').split(':8096/').length > 3);
    expect(img.state()).toMatch(
      /^waiting for the management server's API \(8080\) and integration port \(8096\)/,
    );
    expect(img.read('attempts')).toBe('');
    img.put('integration', '200');
    await until(() => img.state() === 'deployed');
    expect(img.read('state/deploy.log')).toContain(`deployDataCenter -i ${img.env.ZONE_CONFIG}`);
    expect(health(img).status).toBe(0);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(img.read('supervisord.log')).toBe('started\nTERM\n');
  });

  it('does not count a deployment that exits 0 with a zone that is not enabled with a host', async () => {
    const img = image(['partial', 'ok']);
    const run = start(img);
    await until(() => img.state().startsWith('failed'));
    expect(img.state()).toMatch(
      /^failed: deployDataCenter\.py exited 0 and left a zone that is not enabled with a host .*task docker:reset/,
    );
    // A rerun would fail on the zone's name, so there is no second attempt.
    expect(img.read('attempts').trim()).toBe('1');
    expect(run.log()).toContain('Create Zones Failed');
    expect(health(img).status).toBe(1);
    run.child.kill('SIGTERM');
    await run.exited;
  });

  it('retries a deployment that failed before making a zone, and one that hung past its time limit', async () => {
    const img = image(['early', 'hang', 'ok']);
    const run = start(img, { DEPLOY_ATTEMPTS: '3', DEPLOY_TIMEOUT_SECONDS: '1' });
    await until(() => img.state() === 'deployed' || img.state().startsWith('failed'));
    expect(img.state()).toBe('deployed');
    expect(img.read('attempts').trim()).toBe('3');
    expect(run.log()).toContain('deployDataCenter.py exited 1 before making a zone; retrying');
    expect(run.log()).toContain(
      'deployDataCenter.py did not finish within 1s before making a zone; retrying',
    );
    run.child.kill('SIGTERM');
    await run.exited;
  });

  it('gives up after the last attempt and says why', async () => {
    const img = image(['early', 'early']);
    const run = start(img);
    await until(() => img.state().startsWith('failed'));
    expect(img.state()).toMatch(/^failed: deployDataCenter\.py exited 1, no zone after 2 attempts/);
    run.child.kill('SIGTERM');
    await run.exited;
  });

  it('stops a running deployment and supervisord on TERM instead of waiting for the deployment to end', async () => {
    const img = image(['hang']);
    const run = start(img, { DEPLOY_TIMEOUT_SECONDS: '300' });
    await until(() => img.read('hang.pid') !== '');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(img.read('supervisord.log')).toBe('started\nTERM\n');
    const pid = Number(img.read('hang.pid'));
    await until(() => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    });
  });

  it('on a restart with a usable zone in the database deploys nothing; with a half-made one it says so', async () => {
    const ready = image([]);
    ready.put('zones', '1');
    ready.put('ready', '1');
    const a = start(ready);
    await until(() => ready.state() !== '' && !ready.state().startsWith('waiting'));
    expect(ready.state()).toBe('deployed (already present)');
    a.child.kill('SIGTERM');
    await a.exited;

    const half = image([]);
    half.put('zones', '1');
    const b = start(half);
    await until(() => half.state() !== '' && !half.state().startsWith('waiting'));
    expect(half.state()).toMatch(/^failed: the database has a zone that is not enabled with a host/);
    expect(half.read('attempts')).toBe('');
    b.child.kill('SIGTERM');
    await b.exited;
  });
});

describe('healthcheck.sh', () => {
  it('is healthy only with the API up, start.sh reporting deployed and an enabled zone with a host', () => {
    const img = image();
    img.put('api', '000');
    expect(health(img).stdout).toContain('API not answering yet');
    img.put('api', '401');
    img.put('zones', '1');
    // A zone row alone (what the old check accepted) is not enough.
    const noState = health(img);
    expect(noState.status).toBe(1);
    expect(noState.stdout).toContain('zone not deployed: start.sh has not reported');
    img.put('state/zone', 'deployed');
    const disabled = health(img);
    expect(disabled.status).toBe(1);
    expect(disabled.stdout).toContain('no enabled zone with a host in the database (zones: 1)');
    img.put('ready', '1');
    const ok = health(img);
    expect(ok.status, ok.stdout).toBe(0);
    expect(ok.stdout).toContain('zone deployed and enabled');
  });
});
