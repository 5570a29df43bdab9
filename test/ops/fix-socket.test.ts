// docker/cloudstack/fix-socket.sh (run inside the simulator container by `task cloudstack:fix-socket`), here
// against log4j files in a temporary directory and a restart command that only records that it ran.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../temp.js';
import { runBash } from './shell.js';

const log4j2 = `<?xml version="1.0" encoding="UTF-8"?>
<Configuration monitorInterval="60">
   <Appenders>
      <RollingFile name="FILE" append="true" fileName="/var/log/cloudstack/management/management-server.log" filePattern="x.%d.gz">
         <PatternLayout pattern="%d %m%n"/>
      </RollingFile>
      <Socket name="LOGSTASH" host="localhost" port="4560" protocol="TCP">
         <JsonLayout compact="true" eventEol="true"/>
      </Socket>
      <Console name="CONSOLE" target="SYSTEM_OUT"/>
   </Appenders>
   <Loggers>
      <Root level="INFO">
         <AppenderRef ref="CONSOLE"/>
         <AppenderRef ref="FILE"/>
         <AppenderRef ref="LOGSTASH"/>
      </Root>
   </Loggers>
</Configuration>
`;

const log4j1 = `<?xml version="1.0" encoding="UTF-8"?>
<log4j:configuration xmlns:log4j="http://jakarta.apache.org/log4j/">
   <appender name="SOCK" class="org.apache.log4j.net.SocketAppender">
      <param name="RemoteHost" value="localhost"/>
      <param name="Port" value="4560"/>
   </appender>
   <appender name="CONSOLE" class="org.apache.log4j.ConsoleAppender"/>
   <root>
      <appender-ref ref="CONSOLE"/>
      <appender-ref ref="SOCK"/>
   </root>
</log4j:configuration>
`;

function fixture() {
  const dir = tempDir('log4j');
  mkdirSync(path.join(dir, 'client', 'target', 'conf'), { recursive: true });
  mkdirSync(path.join(dir, 'etc'), { recursive: true });
  const v2 = path.join(dir, 'client', 'target', 'conf', 'log4j-cloud.xml');
  const v1 = path.join(dir, 'etc', 'log4j-legacy.xml');
  writeFileSync(v2, log4j2);
  writeFileSync(v1, log4j1);
  const marker = path.join(dir, 'restarted');
  const env = {
    LOG4J_SEARCH_PATHS: `${path.join(dir, 'client')} ${path.join(dir, 'etc')} ${path.join(dir, 'missing')}`,
    RESTART_COMMAND: `echo restart >> ${marker}`,
  };
  return { dir, v1, v2, marker, env };
}

describe('fix-socket.sh', () => {
  it('turns off Socket appenders and their references, keeps backups, restarts and says so', () => {
    const f = fixture();
    const r = runBash(['docker/cloudstack/fix-socket.sh'], f.env);
    expect(r.status, r.stderr).toBe(0);
    const v2 = readFileSync(f.v2, 'utf8');
    expect(v2).not.toContain('<Socket');
    expect(v2).not.toContain('LOGSTASH');
    expect(v2).toContain('<AppenderRef ref="CONSOLE"/>');
    expect(v2).toContain('<RollingFile name="FILE"');
    const v1 = readFileSync(f.v1, 'utf8');
    expect(v1).not.toContain('SocketAppender');
    expect(v1).not.toContain('ref="SOCK"');
    expect(v1).toContain('<appender-ref ref="CONSOLE"/>');
    expect(readFileSync(`${f.v2}.bak-cloudstack-mcp`, 'utf8')).toBe(log4j2);
    expect(readFileSync(`${f.v1}.bak-cloudstack-mcp`, 'utf8')).toBe(log4j1);
    expect(r.stdout).toMatch(/port 4560/);
    expect(r.stdout).toContain(`turned off Socket appender(s) LOGSTASH in ${f.v2}`);
    expect(r.stdout).toContain(`turned off Socket appender(s) SOCK in ${f.v1}`);
    expect(r.stdout).toContain('restarted the management server');
    expect(readFileSync(f.marker, 'utf8')).toBe('restart\n');
  });

  it('changes nothing and does not restart the second time', () => {
    const f = fixture();
    runBash(['docker/cloudstack/fix-socket.sh'], f.env);
    const after = readFileSync(f.v2, 'utf8');
    const again = runBash(['docker/cloudstack/fix-socket.sh'], f.env);
    expect(again.status).toBe(0);
    expect(readFileSync(f.v2, 'utf8')).toBe(after);
    expect(again.stdout).toContain('has a Socket appender');
    expect(again.stdout).toContain('not restarted');
    expect(readFileSync(f.marker, 'utf8')).toBe('restart\n');
  });

  it('reports a failed restart with a non-zero exit', () => {
    const f = fixture();
    const r = runBash(['docker/cloudstack/fix-socket.sh'], { ...f.env, RESTART_COMMAND: 'false' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('restarting the management server failed');
    expect(existsSync(f.marker)).toBe(false);
  });

  it('rejects unknown options', () => {
    const r = runBash(['docker/cloudstack/fix-socket.sh', '--bogus']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage');
  });
});
