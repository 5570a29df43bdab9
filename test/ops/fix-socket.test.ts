// docker/cloudstack/fix-socket.sh (run inside the simulator container by `task cloudstack:fix-socket`), here
// against a temporary stand-in for the image's /root tree and a restart command that only records that it ran.
// The log4j files are test/fixtures/ops/log4j-<version>.xml.in (see its README): the facts of CloudStack's
// client/conf/log4j-cloud.xml.in per version, placed as the template and as the generated
// client/target/conf/log4j-cloud.xml the build makes from it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../temp.js';
import { repoRoot, runBash } from './shell.js';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'ops');

/** What client/pom.xml's antrun step does to each client/conf/*.in file: replace the build's tokens. */
const generate = (template: string) =>
  template
    .replaceAll('@MSLOG@', '/var/log/cloudstack/management/management-server.log')
    .replaceAll('@APISERVERLOG@', '/var/log/cloudstack/management/apilog.log');

function image(version: string) {
  const root = tempDir(`log4j-${version}`);
  const template = path.join(root, 'client', 'conf', 'log4j-cloud.xml.in');
  const generated = path.join(root, 'client', 'target', 'conf', 'log4j-cloud.xml');
  mkdirSync(path.dirname(template), { recursive: true });
  mkdirSync(path.dirname(generated), { recursive: true });
  const original = readFileSync(path.join(fixtures, `log4j-${version}.xml.in`), 'utf8');
  writeFileSync(template, original);
  writeFileSync(generated, generate(original));
  const marker = path.join(root, 'restarted');
  const env = {
    LOG4J_SEARCH_PATHS: `${path.join(root, 'client', 'conf')} ${path.join(root, 'client', 'target')} ${path.join(root, 'missing')}`,
    RESTART_COMMAND: `echo restart >> ${marker}`,
  };
  const restarts = () => (existsSync(marker) ? readFileSync(marker, 'utf8').split('\n').length - 1 : 0);
  return { root, template, generated, original, env, restarts };
}

const fix = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  runBash(['docker/cloudstack/fix-socket.sh', ...args], env);

/** The start tags of the file's log4j 2 Syslog appenders, by name. */
const syslogTags = (text: string) =>
  Object.fromEntries(
    [...text.matchAll(/<Syslog\b[^>]*>/g)].map((m) => [m[0].match(/name="([^"]+)"/)?.[1], m[0]]),
  );

describe('fix-socket.sh on CloudStack 4.20 (log4j 2 Syslog appenders without port or protocol)', () => {
  it('--check names both appenders in the template and the generated file, changes nothing, exits 3', () => {
    const img = image('4.20');
    const r = fix(img.env, '--check');
    expect(r.status, r.stderr).toBe(3);
    for (const file of [img.template, img.generated]) {
      expect(r.stdout).toContain(
        `would switch Syslog appender(s) SYSLOG,ALERTSYSLOG in ${file} from TCP localhost:4560 to UDP port 514`,
      );
    }
    expect(readFileSync(img.template, 'utf8')).toBe(img.original);
    expect(img.restarts()).toBe(0);
  });

  it('points SYSLOG and ALERTSYSLOG at UDP 514 in both files, keeps their references, backs up, restarts once', () => {
    const img = image('4.20');
    const r = fix(img.env);
    expect(r.status, r.stderr).toBe(0);
    for (const file of [img.template, img.generated]) {
      const text = readFileSync(file, 'utf8');
      expect(syslogTags(text)).toEqual({
        SYSLOG: '<Syslog name="SYSLOG" host="localhost" facility="LOCAL6" protocol="UDP" port="514">',
        ALERTSYSLOG:
          '<Syslog name="ALERTSYSLOG" host="localhost" facility="LOCAL6" protocol="UDP" port="514">',
      });
      // Nothing else moved: the references and the other appenders are as they were.
      expect(text.match(/<AppenderRef ref="SYSLOG"\/>/g)).toHaveLength(2);
      expect(text).toContain('<AppenderRef ref="ALERTSYSLOG"/>');
      expect(text.replace(/ protocol="UDP" port="514"/g, '')).toBe(
        file === img.template ? img.original : generate(img.original),
      );
      expect(r.stdout).toContain(
        `switched Syslog appender(s) SYSLOG,ALERTSYSLOG in ${file} from TCP localhost:4560`,
      );
    }
    expect(readFileSync(`${img.template}.bak-cloudstack-mcp`, 'utf8')).toBe(img.original);
    expect(r.stdout).toContain('nothing listens on port 4560');
    expect(r.stdout).toContain('restarted the management server');
    expect(img.restarts()).toBe(1);
  });

  it('the fix survives the restart: the generated file made again from the fixed template is fixed too', () => {
    const img = image('4.20');
    fix(img.env);
    // What `mvn -pl client jetty:run` does on start: generate-resources copies the template over the file.
    writeFileSync(img.generated, generate(readFileSync(img.template, 'utf8')));
    const again = fix(img.env, '--check');
    expect(again.status, again.stdout).toBe(0);
    expect(syslogTags(readFileSync(img.generated, 'utf8')).SYSLOG).toContain('protocol="UDP" port="514"');
  });

  it('a second run changes nothing and does not restart', () => {
    const img = image('4.20');
    fix(img.env);
    const after = readFileSync(img.template, 'utf8');
    const again = fix(img.env);
    expect(again.status).toBe(0);
    expect(readFileSync(img.template, 'utf8')).toBe(after);
    expect(again.stdout).toContain('sends to port 4560 over TCP');
    expect(again.stdout).toContain('not restarted');
    expect(img.restarts()).toBe(1);
  });
});

describe('fix-socket.sh on main after 4.20 (ALERTSYSLOG is CloudStack’s AlertSyslogAppender plugin)', () => {
  it('switches SYSLOG only and leaves the plugin, which opens nothing without hosts, alone', () => {
    const img = image('main');
    const r = fix(img.env);
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(img.template, 'utf8');
    expect(Object.keys(syslogTags(text))).toEqual(['SYSLOG']);
    expect(syslogTags(text).SYSLOG).toContain('protocol="UDP" port="514"');
    expect(text).toContain('<AlertSyslogAppender name="ALERTSYSLOG" syslogHosts="" facility="LOCAL6">');
    expect(r.stdout).toContain(`switched Syslog appender(s) SYSLOG in ${img.template}`);
  });
});

describe.each(['4.18', '4.19'])(
  'fix-socket.sh on CloudStack %s (log4j 1: SyslogAppender is UDP)',
  (version) => {
    it('finds nothing aimed at port 4560, changes no file and does not restart', () => {
      const img = image(version);
      expect(fix(img.env, '--check').status).toBe(0);
      const r = fix(img.env);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain("log4j 1's SyslogAppender uses UDP port 514");
      expect(r.stdout).toContain('not restarted');
      expect(readFileSync(img.template, 'utf8')).toBe(img.original);
      expect(existsSync(`${img.template}.bak-cloudstack-mcp`)).toBe(false);
      expect(img.restarts()).toBe(0);
    });
  },
);

describe('fix-socket.sh with a Socket appender someone added (log4j 2 <Socket>, log4j 1 SocketAppender)', () => {
  const log4j2 = `<Configuration monitorInterval="60">
   <Appenders>
      <Socket name="LOGSTASH" host="localhost" port="4560" protocol="TCP">
         <JsonLayout compact="true" eventEol="true"/>
      </Socket>
      <Console name="CONSOLE" target="SYSTEM_OUT"/>
   </Appenders>
   <Loggers>
      <Root level="INFO">
         <AppenderRef ref="CONSOLE"/>
         <AppenderRef ref="LOGSTASH"/>
      </Root>
   </Loggers>
</Configuration>
`;

  it('turns both off with their references on 4.18 (log4j 1) and in a log4j 2 file', () => {
    const img = image('4.18');
    const v1 = readFileSync(img.template, 'utf8')
      .replace(
        '   <root>',
        '   <appender name="SOCK" class="org.apache.log4j.net.SocketAppender">\n      <param name="Port" value="4560"/>\n   </appender>\n   <root>',
      )
      .replace(
        '<appender-ref ref="FILE"/>\n   </root>',
        '<appender-ref ref="FILE"/>\n      <appender-ref ref="SOCK"/>\n   </root>',
      );
    writeFileSync(img.template, v1);
    const v2 = path.join(img.root, 'client', 'target', 'conf', 'log4j2-extra.xml');
    writeFileSync(v2, log4j2);
    const r = fix(img.env);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(img.template, 'utf8')).toBe(img.original);
    const after = readFileSync(v2, 'utf8');
    expect(after).not.toContain('LOGSTASH');
    expect(after).toContain('<AppenderRef ref="CONSOLE"/>');
    expect(r.stdout).toContain(`turned off Socket appender(s) SOCK in ${img.template}`);
    expect(r.stdout).toContain(`turned off Socket appender(s) LOGSTASH in ${v2}`);
    expect(img.restarts()).toBe(1);
  });
});

describe('fix-socket.sh failures', () => {
  it('reports a failed restart with a non-zero exit', () => {
    const img = image('4.20');
    const r = fix({ ...img.env, RESTART_COMMAND: 'false' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('restarting the management server failed');
  });

  it('rejects unknown options', () => {
    const r = fix({}, '--bogus');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage');
  });
});
