// SSH key pairs. createSSHKeyPair makes an Ed25519 key from the seeded generator (CloudStack makes RSA
// keys; clients treat the private key as opaque text, and a seeded key keeps runs reproducible).
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import {
  idAndNameParams,
  ownerCreateParams,
  ownerListParams,
  pagingParams,
  param,
} from '../catalog/params.js';
import { invalidParameter } from '../errors.js';
import type { SshKeyPair } from '../state/model.js';
import { createdKeyPairView, sshKeyPairView } from '../views/misc.js';
import { idNameKeyword, listOf, ownerForCreate, ownerScope } from './listing.js';
import { type CallContext, defineApi, SUCCESS_FIELDS } from './types.js';

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function sshString(data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

export function md5Fingerprint(blob: Buffer): string {
  return (createHash('md5').update(blob).digest('hex').match(/../g) ?? []).join(':');
}

/** A new Ed25519 key pair from 32 seed bytes: OpenSSH public key line and PKCS#8 PEM private key. */
export function ed25519KeyPair(
  seed: Buffer,
  comment: string,
): { publicKey: string; privateKey: string; blob: Buffer } {
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const raw = spki.subarray(spki.length - 32);
  const blob = Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(raw)]);
  return {
    publicKey: `ssh-ed25519 ${blob.toString('base64')} ${comment}`,
    privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    blob,
  };
}

const KEY_TYPES = /^(ssh-rsa|ssh-dss|ssh-ed25519|ssh-ed448|ecdsa-sha2-nistp(256|384|521)|sk-[a-z0-9@.-]+)$/;

/** The key blob of an OpenSSH public key line, or undefined when the line is not one. */
function parsePublicKey(line: string): Buffer | undefined {
  const [type, data] = line.trim().split(/\s+/);
  if (!type || !data || !KEY_TYPES.test(type) || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) return undefined;
  const blob = Buffer.from(data, 'base64');
  if (blob.length < 4) return undefined;
  const typeLength = blob.readUInt32BE(0);
  if (blob.subarray(4, 4 + typeLength).toString() !== type) return undefined;
  return blob;
}

function checkNameFree(ctx: CallContext, ownerId: string, name: string): void {
  for (const pair of ctx.store.sshKeyPairs.values()) {
    if (pair.accountId === ownerId && pair.name === name) {
      throw invalidParameter(`A key pair with name '${name}' already exists for this account.`);
    }
  }
}

function addPair(
  ctx: CallContext,
  ownerId: string,
  name: string,
  publicKey: string,
  blob: Buffer,
): SshKeyPair {
  const pair: SshKeyPair = {
    id: ctx.store.newId(),
    name,
    accountId: ownerId,
    fingerprint: md5Fingerprint(blob),
    publicKey,
    created: ctx.now,
  };
  ctx.store.sshKeyPairs.set(pair.id, pair);
  return pair;
}

export const sshKeyApis = [
  defineApi({
    access: 'user',
    spec: {
      name: 'createSSHKeyPair',
      description: 'Creates an SSH key pair; the private key is returned once and not kept.',
      isAsync: false,
      related: ['listSSHKeyPairs', 'registerSSHKeyPair'],
      params: [
        param('name', 'string', 'name of the key pair', { required: true }),
        ...ownerCreateParams('key pair'),
      ],
      response: createdKeyPairView.fields,
    },
    handle(ctx) {
      const ownerId = ownerForCreate(ctx);
      const name = ctx.params.string('name') ?? '';
      checkNameFree(ctx, ownerId, name);
      const keys = ed25519KeyPair(ctx.store.secrets.bytes(32), name);
      const pair = addPair(ctx, ownerId, name, keys.publicKey, keys.blob);
      return { keypair: createdKeyPairView.render({ ...pair, privateKey: keys.privateKey }, ctx.rc) };
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'registerSSHKeyPair',
      description: 'Registers the public key of an existing SSH key pair under a name.',
      isAsync: false,
      related: ['listSSHKeyPairs', 'createSSHKeyPair'],
      params: [
        param('name', 'string', 'name of the key pair', { required: true }),
        param('publickey', 'string', 'the OpenSSH public key line, e.g. "ssh-rsa AAAA... comment"', {
          required: true,
          length: 5120,
        }),
        ...ownerCreateParams('key pair'),
      ],
      response: sshKeyPairView.fields,
    },
    handle(ctx) {
      const ownerId = ownerForCreate(ctx);
      const name = ctx.params.string('name') ?? '';
      const publicKey = (ctx.params.string('publickey') ?? '').trim();
      const blob = parsePublicKey(publicKey);
      if (!blob) throw invalidParameter('Public key is invalid');
      checkNameFree(ctx, ownerId, name);
      const fingerprint = md5Fingerprint(blob);
      for (const pair of ctx.store.sshKeyPairs.values()) {
        if (pair.accountId === ownerId && pair.fingerprint === fingerprint) {
          throw invalidParameter(`A key pair with key '${publicKey}' already exists for this account.`);
        }
      }
      const pair = addPair(ctx, ownerId, name, publicKey, blob);
      return { keypair: sshKeyPairView.render(pair, ctx.rc) };
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'listSSHKeyPairs',
      description: 'Lists registered SSH key pairs (without private keys).',
      isAsync: false,
      related: ['createSSHKeyPair', 'registerSSHKeyPair'],
      params: [
        ...idAndNameParams('sshkeypair', 'key pair'),
        param('fingerprint', 'string', 'only the key pair with this public key fingerprint'),
        ...ownerListParams('key pairs'),
        ...pagingParams,
      ],
      response: sshKeyPairView.fields,
    },
    handle(ctx) {
      const { params, store } = ctx;
      const inScope = ownerScope(ctx);
      const matches = idNameKeyword<SshKeyPair>(params);
      const fingerprint = params.text('fingerprint');
      const items = [...store.sshKeyPairs.values()].filter(
        (k) =>
          inScope(k.accountId) && matches(k) && (fingerprint === undefined || k.fingerprint === fingerprint),
      );
      return listOf(ctx, 'sshkeypair', items, sshKeyPairView);
    },
  }),
  defineApi({
    access: 'user',
    spec: {
      name: 'deleteSSHKeyPair',
      description: 'Deletes an SSH key pair by name.',
      isAsync: false,
      related: ['listSSHKeyPairs'],
      params: [
        param('name', 'string', 'name of the key pair', { required: true }),
        ...ownerCreateParams('key pair'),
      ],
      response: SUCCESS_FIELDS,
    },
    handle(ctx) {
      const ownerId = ownerForCreate(ctx);
      const name = ctx.params.string('name') ?? '';
      const pair = [...ctx.store.sshKeyPairs.values()].find(
        (k) => k.accountId === ownerId && k.name === name,
      );
      if (!pair) {
        const owner = ctx.store.account(ownerId);
        throw invalidParameter(
          `A key pair with name '${name}' does not exist for account ${owner.name} in specified domain id`,
        );
      }
      ctx.store.sshKeyPairs.delete(pair.id);
      ctx.store.markRemoved('sshkeypair', pair.id);
      return { success: true };
    },
  }),
];
