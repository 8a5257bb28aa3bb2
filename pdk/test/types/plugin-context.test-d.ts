import { describe, expectTypeOf, test } from 'vitest';
import {
  type DbCapability,
  definePlugin,
  type EnvCapability,
  type ExecCapability,
  type FsReadCapability,
  type FsWriteCapability,
  type MetricsCapability,
  type MetricsReadCapability,
  type NetCapability,
  type NoContributions,
  type PermissionApis,
  type PermissionKind,
  type PluginContext,
  type PluginTypes,
  registerContributions,
  type SecretsCapability,
  type StateStore,
  type UntypedPlugin,
} from '../../src/index.js';

interface Notes extends PluginTypes {
  config: { owner: string; retries?: number };
  permissions: never;
  commands: {
    'notes.create': { input: { title: string }; output: { id: string } };
    'notes.count': { input: undefined; output: number };
  };
  steps: { lint: { input: { files: string[] }; output: { ok: boolean } } };
  transformers: NoContributions;
  validators: NoContributions;
  formatters: NoContributions;
  hooks: NoContributions;
  skills: NoContributions;
  events: { 'notes.created': { id: string } };
}

/** The Notes plugin with exactly the permissions `P`. */
type With<P extends string> = Omit<Notes, 'permissions'> & { permissions: P };
type Ctx<P extends string> = PluginContext<With<P>>;

describe('config', () => {
  test('comes from PluginTypes["config"], read-only', () => {
    expectTypeOf<Ctx<never>['config']>().toEqualTypeOf<
      Readonly<{ owner: string; retries?: number }>
    >();
    definePlugin<With<never>>({
      activate(ctx) {
        expectTypeOf(ctx.config.owner).toBeString();
        // @ts-expect-error config is read-only
        ctx.config.owner = 'x';
        // @ts-expect-error not in the config schema
        ctx.config.missing;
      },
    });
  });
});

describe('capabilities follow the granted permissions', () => {
  test('without any permission, no capability is on ctx', () => {
    expectTypeOf<Ctx<never>>().not.toHaveProperty('net');
    expectTypeOf<Ctx<never>>().not.toHaveProperty('fs');
    expectTypeOf<Ctx<never>>().not.toHaveProperty('env');
    expectTypeOf<Ctx<never>>().not.toHaveProperty('secrets');
    expectTypeOf<Ctx<never>>().not.toHaveProperty('exec');
    expectTypeOf<Ctx<never>>().not.toHaveProperty('events');
    expectTypeOf<Ctx<never>>().not.toHaveProperty('state');
    (ctx: Ctx<never>) => {
      // @ts-expect-error no net: permission
      ctx.net.fetch('https://example.com');
      // @ts-expect-error no fs: permission
      ctx.fs.readFile('a');
      // @ts-expect-error no env: permission
      ctx.env.get('HOME');
      // @ts-expect-error no secret: permission
      ctx.secrets.get('TOKEN');
      // @ts-expect-error no exec: permission
      ctx.exec('git');
      // @ts-expect-error no events: permission
      ctx.events.emit('notes.created', { id: 'x' });
      // @ts-expect-error no state permission
      ctx.state.get('k');
    };
  });

  test('net', () => {
    expectTypeOf<Ctx<'net:api.github.com'>['net']>().toEqualTypeOf<NetCapability>();
    expectTypeOf<Ctx<'net:*'>['net']['fetch']>().returns.resolves.toHaveProperty('status');
  });

  test('fs read and write are separate', () => {
    type Read = Ctx<'fs:read:src/**'>;
    type Write = Ctx<'fs:write:dist/**'>;
    type Both = Ctx<'fs:read:src/**' | 'fs:write:dist/**'>;
    expectTypeOf<Read['fs']>().toEqualTypeOf<FsReadCapability>();
    expectTypeOf<Write['fs']>().toEqualTypeOf<FsWriteCapability>();
    expectTypeOf<Both['fs']>().toEqualTypeOf<FsReadCapability & FsWriteCapability>();
    (read: Read, write: Write) => {
      read.fs.readFile('src/a.ts');
      // @ts-expect-error fs:read does not allow writes
      read.fs.writeFile('src/a.ts', 'x');
      write.fs.writeFile('dist/a.js', 'x');
      // @ts-expect-error fs:write does not allow reads
      write.fs.readFile('dist/a.js');
    };
  });

  test('env, secrets and exec', () => {
    expectTypeOf<Ctx<'env:HOME'>['env']>().toEqualTypeOf<EnvCapability>();
    expectTypeOf<Ctx<'secret:TOKEN'>['secrets']>().toEqualTypeOf<SecretsCapability>();
    expectTypeOf<Ctx<'exec:git'>['exec']>().toEqualTypeOf<ExecCapability>();
    expectTypeOf<Ctx<'env:HOME'>>().not.toHaveProperty('secrets');
    expectTypeOf<Ctx<'secret:TOKEN'>>().not.toHaveProperty('env');
  });

  test('events: emit and on are granted separately, declared payloads are typed', () => {
    (emit: Ctx<'events:emit:notes.*'>, on: Ctx<'events:on:build.*'>) => {
      emit.events.emit('notes.created', { id: 'n1' });
      // @ts-expect-error the declared payload needs an id
      emit.events.emit('notes.created', { title: 'x' });
      // @ts-expect-error the declared payload is required
      emit.events.emit('notes.created');
      emit.events.emit('other.topic', { anything: true });
      // @ts-expect-error events:emit does not allow listening
      emit.events.on('build.*', () => {});
      on.events.on('build.*', (event) => {
        expectTypeOf(event.topic).toBeString();
      });
      // @ts-expect-error events:on does not allow emitting
      on.events.emit('notes.created', { id: 'n1' });
    };
  });

  // Regression: `db` alone (the default database) left ctx.db off the type, since only
  // `db:<name>` matched the `db:` prefix.
  test('db, alone or with a database name', () => {
    expectTypeOf<Ctx<'db'>['db']>().toEqualTypeOf<DbCapability>();
    expectTypeOf<Ctx<'db:reports'>['db']>().toEqualTypeOf<DbCapability>();
    expectTypeOf<Ctx<'state'>>().not.toHaveProperty('db');
  });

  test('metrics: counters and gauges for every plugin, read() with metrics:read', () => {
    expectTypeOf<Ctx<never>['metrics']>().toEqualTypeOf<MetricsCapability>();
    expectTypeOf<Ctx<'metrics:read'>['metrics']>().toEqualTypeOf<
      MetricsCapability & MetricsReadCapability
    >();
    (plain: Ctx<never>, reader: Ctx<'metrics:read'>) => {
      plain.metrics.count('tokens_total', 12, { model: 'small' });
      plain.metrics.gauge('queue_depth', 3);
      // @ts-expect-error reading the host's metrics needs metrics:read
      plain.metrics.read();
      // @ts-expect-error label values are strings
      plain.metrics.count('tokens_total', 1, { model: 1 });
      expectTypeOf(reader.metrics.read()).resolves.items.toHaveProperty('recorded');
    };
  });

  test('state and state:shared', () => {
    expectTypeOf<Ctx<'state'>['state']>().toEqualTypeOf<StateStore>();
    expectTypeOf<Ctx<'state:shared'>['state']['shared']>().toEqualTypeOf<StateStore>();
    (own: Ctx<'state'>) => {
      own.state.set('k', 1);
      // @ts-expect-error shared state needs state:shared
      own.state.shared.get('k');
    };
  });
});

describe('contributions', () => {
  test('ids and input/output types are narrowed', () => {
    (ctx: Ctx<never>) => {
      ctx.commands.register('notes.create', (input, call) => {
        expectTypeOf(input).toEqualTypeOf<{ title: string }>();
        expectTypeOf(call.signal).toEqualTypeOf<AbortSignal>();
        return { id: input.title };
      });
      // @ts-expect-error not a command of this plugin
      ctx.commands.register('notes.delete', () => ({ id: 'x' }));
      // @ts-expect-error the output must be { id: string }
      ctx.commands.register('notes.create', () => ({ id: 1 }));
      ctx.steps.register('lint', async (input) => ({ ok: input.files.length > 0 }));
      // @ts-expect-error a command id is not a step id
      ctx.steps.register('notes.create', () => ({ ok: true }));
      // @ts-expect-error this plugin has no transformers
      ctx.transformers.register('anything', (x) => x);
      expectTypeOf(ctx.commands.execute('notes.create', { title: 't' })).resolves.toEqualTypeOf<{
        id: string;
      }>();
      // Commands of other plugins can be executed by id, untyped.
      expectTypeOf(ctx.commands.execute('other.command')).resolves.toBeUnknown();
    };
  });

  test('registerContributions accepts handlers of any kind', () => {
    (ctx: Ctx<never>) => {
      expectTypeOf(registerContributions(ctx, [])).resolves.toBeFunction();
    };
  });
});

describe('UntypedPlugin (before the first typegen run)', () => {
  test('allows every capability and any contribution id', () => {
    type Any = PluginContext<UntypedPlugin>;
    expectTypeOf<Any['net']>().toEqualTypeOf<NetCapability>();
    expectTypeOf<Any['fs']>().toEqualTypeOf<FsReadCapability & FsWriteCapability>();
    expectTypeOf<Any['env']>().toEqualTypeOf<EnvCapability>();
    expectTypeOf<Any['secrets']>().toEqualTypeOf<SecretsCapability>();
    expectTypeOf<Any['exec']>().toEqualTypeOf<ExecCapability>();
    expectTypeOf<Any['state']['shared']>().toEqualTypeOf<StateStore>();
    expectTypeOf<Any['config']>().toEqualTypeOf<Readonly<Record<string, unknown>>>();
    definePlugin({
      async activate(ctx) {
        await ctx.commands.register('whatever', (input) => {
          expectTypeOf(input).toBeUnknown();
          return 1;
        });
        await ctx.events.emit('any.topic', { x: 1 });
        await ctx.events.on('**', () => {});
        await ctx.fs.writeFile('a', 'b');
        await ctx.net.fetch('https://example.com');
      },
    });
  });
});

describe('the capability table and the ctx types agree', () => {
  test('every permission kind of the table unlocks a ctx interface, and no other kind does', () => {
    expectTypeOf<keyof PermissionApis<UntypedPlugin>>().toEqualTypeOf<PermissionKind>();
  });
});
