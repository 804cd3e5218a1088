import { readFileSync } from "node:fs";
import type { ModelHost } from "../model/host.js";
import type { ModelHostKey } from "../model/host-key.js";
import { ToolFailure } from "../realize/failure.js";
import type { LogFile } from "../realize/log-file.js";
import { runTool } from "../realize/run-tool.js";
import { requireTool } from "../realize/tools.js";
import { shellQuote, shellWords } from "../syntax/shell/quote.js";
import { sshDestination, sshLogin, sshPortArgs } from "./ssh-target.js";

/** Stops before any deploy when a host has keys to upload and ssh, which uploads them, is missing. */
export function requireKeyUploader(hosts: readonly ModelHost[], env: NodeJS.ProcessEnv): void {
  if (hosts.some((h) => h.keys.length > 0)) requireTool("ssh", "homelab-gen deploy uploads the hosts' keys with it", env);
}

/** What a key upload needs: the tools' environment and the host's log. */
interface KeyContext {
  readonly env: NodeJS.ProcessEnv;
  readonly log: LogFile;
}

/** The key's content, made on this machine: its command's standard output, or its file. */
async function keyContent(host: ModelHost, key: ModelHostKey, ctx: KeyContext): Promise<string> {
  if ("file" in key.from) {
    try {
      return readFileSync(key.from.file, "utf8");
    } catch (error) {
      throw new ToolFailure(`key ${key.name} of host ${host.name}: cannot read ${key.from.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  const [cmd, ...args] = key.from.command;
  // The command's output is the secret: it is kept in memory only, never logged.
  const r = await runTool(cmd!, args, { env: ctx.env, log: ctx.log });
  if (r.exitCode !== 0) throw new ToolFailure(`key ${key.name} of host ${host.name}: ${cmd} exited with code ${r.exitCode}`);
  return r.stdout;
}

/**
 * The remote command that stores standard input as the key: written under a temporary name with
 * no access for others (umask 077), given its owner and mode, then renamed into place, so the
 * file is never readable by others nor half-written. Through sudo unless logging in as root.
 */
export function storeKeyCommand(host: ModelHost, key: ModelHostKey): string {
  const path = `${key.destDir}/${key.name}`;
  const temp = `${key.destDir}/.${key.name}.homelab-gen`;
  const script = [
    "umask 077",
    `mkdir -p ${shellQuote(key.destDir)}`,
    `cat > ${shellQuote(temp)}`,
    `chown ${shellQuote(`${key.user}:${key.group}`)} ${shellQuote(temp)}`,
    `chmod ${shellQuote(key.permissions)} ${shellQuote(temp)}`,
    `mv -f ${shellQuote(temp)} ${shellQuote(path)}`,
  ].join(" && ");
  return sshLogin(host).user === "root" ? script : shellWords(["sudo", "sh", "-c", script]);
}

/**
 * Uploads the host's keys that go at `when` (before or after activation), as Colmena does for its
 * own deploys: the content goes through ssh's standard input only, never into a file here.
 */
export async function uploadKeys(host: ModelHost, when: ModelHostKey["uploadAt"], ctx: KeyContext): Promise<void> {
  for (const key of host.keys.filter((k) => k.uploadAt === when)) {
    const input = await keyContent(host, key, ctx);
    const r = await runTool("ssh", [...sshPortArgs(host), sshDestination(host), storeKeyCommand(host, key)], { env: ctx.env, log: ctx.log, input });
    if (r.exitCode !== 0) throw new ToolFailure(`key ${key.name}: upload to ${host.name} failed (ssh exit code ${r.exitCode})`);
    ctx.log.write(`uploaded key ${key.name} to ${key.destDir}/${key.name}`);
  }
}
