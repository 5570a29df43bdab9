// `cloudstack-mcp simulator`: runs the embedded CloudStack simulator on a port until SIGINT/SIGTERM and
// prints its URL and admin keys (the simulator's own, generated from the seed).
import type { Argv, CommandModule } from 'yargs';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../simulator/index.js';
import { addressInUse, runCommand } from './output.js';
import { MILLISECONDS, type NumberSpec, numberOption, PORT, SHARE } from './settings.js';

const COUNT: NumberSpec = { integer: true, min: 0 };

interface SimulatorFlags {
  port: number;
  host: string;
  apis?: string;
  seed: number;
  latency?: number;
  'failure-rate'?: number;
  'drop-rate'?: number;
  'failure-commands'?: string;
  'lost-answer-rate'?: number;
  'lost-answer-hold'?: number;
  'lost-answer-commands'?: string;
  'lost-answer-limit'?: number;
  'job-duration'?: number;
  'job-failure-rate'?: number;
  'seed-vms'?: number;
  'seed-team'?: boolean;
  'session-timeout'?: number;
  json: boolean;
}

/** `a, b,` → ['a', 'b']. */
function commandList(flag: string | undefined): string[] | undefined {
  return flag
    ?.split(',')
    .map((command) => command.trim())
    .filter((command) => command !== '');
}

function describe(sim: RunningSimulator): string {
  return [
    // Prose lines are shell comments, so the output can be saved and sourced: `. ./sim.env`.
    `# CloudStack simulator listening on ${sim.url}`,
    `#   ${sim.apiCount} APIs known; log in as ${sim.admin.username} / ${sim.admin.password} (domain ${sim.admin.domain})`,
    '#   admin API keys (for this simulator only):',
    `export CLOUDSTACK_API_URL=${sim.url}`,
    `export CLOUDSTACK_API_KEY=${sim.admin.apiKey}`,
    `export CLOUDSTACK_SECRET_KEY=${sim.admin.secretKey}`,
    // --seed-team: the other people, as comments (one of them at a time is what a client is given).
    ...(sim.team
      ? [sim.team.domainAdmin, sim.team.user].map(
          (p) =>
            `#   ${p.username} / ${p.password} (domain ${p.domain}, account ${p.account}): API key ${p.apiKey} secret key ${p.secretKey}`,
        )
      : []),
  ].join('\n');
}

export const simulatorCommand: CommandModule<object, SimulatorFlags> = {
  command: 'simulator',
  describe: 'run the embedded CloudStack simulator on a port',
  builder: (yargs) =>
    (yargs as Argv)
      .option(
        'port',
        numberOption('port', PORT, { default: 8080, describe: 'port to listen on (0 picks a free one)' }),
      )
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to listen on' })
      .option('apis', {
        type: 'string',
        describe: 'a full listApis dump to serve, e.g. api-dumps/4.18.0.json',
      })
      .option(
        'seed',
        numberOption(
          'seed',
          { integer: true },
          { default: 1, describe: 'seed for ids, keys and fault decisions' },
        ),
      )
      .option(
        'latency',
        numberOption('latency', MILLISECONDS, { describe: 'milliseconds of delay before each answer' }),
      )
      .option(
        'failure-rate',
        numberOption('failure-rate', SHARE, { describe: 'share (0..1) of requests answered with 530' }),
      )
      .option(
        'drop-rate',
        numberOption('drop-rate', SHARE, { describe: 'share (0..1) of connections dropped without answer' }),
      )
      .option('failure-commands', {
        type: 'string',
        describe:
          'comma-separated commands that --failure-rate and --drop-rate apply to (default every command)',
      })
      .option(
        'lost-answer-rate',
        numberOption('lost-answer-rate', SHARE, {
          describe: 'share (0..1) of requests processed whose answer is then lost (connection destroyed)',
        }),
      )
      .option(
        'lost-answer-hold',
        numberOption('lost-answer-hold', MILLISECONDS, {
          describe: 'instead of destroying the connection, send a lost answer this many milliseconds late',
        }),
      )
      .option('lost-answer-commands', {
        type: 'string',
        describe: 'comma-separated commands whose answers may be lost (default every command)',
      })
      .option(
        'lost-answer-limit',
        numberOption('lost-answer-limit', COUNT, { describe: 'lose at most this many answers' }),
      )
      .option(
        'job-duration',
        numberOption('job-duration', MILLISECONDS, {
          describe: 'milliseconds an async job runs (default 100)',
        }),
      )
      .option(
        'job-failure-rate',
        numberOption('job-failure-rate', SHARE, { describe: 'share (0..1) of async jobs that fail' }),
      )
      .option(
        'seed-vms',
        numberOption('seed-vms', COUNT, { describe: 'virtual machines to create at start' }),
      )
      .option('seed-team', {
        type: 'boolean',
        default: false,
        describe: 'also seed domain child with a Domain Admin and a User account (password "password")',
      })
      .option(
        'session-timeout',
        numberOption(
          'session-timeout',
          { positive: true, unit: 'of seconds' },
          {
            describe: 'seconds of idle time before a login session ends',
          },
        ),
      )
      .option('json', {
        type: 'boolean',
        default: false,
        describe: 'print the URL and keys as one JSON line',
      }) as unknown as Argv<SimulatorFlags>,
  handler: (argv) => runCommand('simulator', () => runSimulator(argv)),
};

async function runSimulator(argv: SimulatorFlags): Promise<number> {
  const options: SimulatorOptions = {
    port: argv.port,
    host: argv.host,
    apisFile: argv.apis,
    seed: argv.seed,
    latencyMs: argv.latency,
    failureRate: argv['failure-rate'],
    dropRate: argv['drop-rate'],
    failureCommands: commandList(argv['failure-commands']),
    lostAnswerRate: argv['lost-answer-rate'],
    lostAnswerHoldMs: argv['lost-answer-hold'],
    lostAnswerCommands: commandList(argv['lost-answer-commands']),
    lostAnswerLimit: argv['lost-answer-limit'],
    jobDurationMs: argv['job-duration'],
    jobFailureRate: argv['job-failure-rate'],
    seedVms: argv['seed-vms'],
    seedTeam: argv['seed-team'],
    sessionTimeoutMs: argv['session-timeout'] === undefined ? undefined : argv['session-timeout'] * 1000,
  };
  const sim = await startSimulator(options).catch((error: unknown) => {
    throw addressInUse(error, '--port 0') ?? error;
  });
  // Listen for the signals before printing, so a caller that stops us as soon as it reads the URL is heard.
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      console.error(`simulator: ${signal} received, stopping`);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  if (argv.json) {
    const { url, admin, team } = sim;
    process.stdout.write(`${JSON.stringify({ url, ...admin, ...(team ? { team } : {}) })}\n`);
  } else {
    process.stdout.write(`${describe(sim)}\n`);
  }
  await stopped;
  await sim.close();
  return 0;
}
