// Everything the server wrote during a test file (stderr, stdout, every protocol message and tool result),
// kept so the file's last test can grep it for the credentials the server was given.

export interface Leak {
  source: string;
  secret: string;
  excerpt: string;
}

export class Transcript {
  private readonly parts: { source: string; text: string }[] = [];

  record(source: string, text: string): void {
    if (text) this.parts.push({ source, text });
  }

  get size(): number {
    return this.parts.reduce((sum, part) => sum + part.text.length, 0);
  }

  sources(): string[] {
    return [...new Set(this.parts.map((part) => part.source))];
  }

  /** Every place a secret appears, also URL-encoded or JSON-escaped; names the secret, never prints it. */
  leaks(secrets: Readonly<Record<string, string | undefined>>): Leak[] {
    const found: Leak[] = [];
    for (const [name, value] of Object.entries(secrets)) {
      if (!value || value.length < 6) continue;
      const forms = new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]);
      for (const part of this.parts) {
        for (const form of forms) {
          const at = part.text.indexOf(form);
          if (at === -1) continue;
          const excerpt = part.text.slice(Math.max(0, at - 60), at).replaceAll(value, '<SECRET>');
          found.push({ source: part.source, secret: name, excerpt: `${excerpt}<${name}>` });
          break;
        }
      }
    }
    return found;
  }
}
