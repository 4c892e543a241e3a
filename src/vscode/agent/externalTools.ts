/**
 * Other extensions' and MCP servers' tools (vscode.lm.tools) the user opted in to, as AgentTools that call
 * vscode.lm.invokeTool. Their answers are redacted before a model reads them. VS Code shows a tool's own
 * confirmation, if it asks for one, as a dialog; a declined confirmation is a rejection.
 */
import * as vscode from 'vscode';
import { capOutput } from '../../core/agent/tools/runCommand';
import type { AgentTool, ToolOutput, ToolRunContext } from '../../core/agent/types';
import { redactSecrets } from '../../core/privacy/redact';
import { objectSchema, readOnlyByTags, resultText, type LmToolInfo } from './externalSelection';

/** Most text kept of one external tool's answer (the agent loop caps further for the model). */
const MAX_RESULT_BYTES = 256 * 1024;

function output(content: string, outcome: ToolOutput['outcome']): ToolOutput {
  return { content: redactSecrets(content).text, outcome };
}

async function invokeExternal(name: string, input: Record<string, unknown>, ctx: ToolRunContext): Promise<ToolOutput> {
  if (ctx.signal.aborted) return output(`${name} was stopped before it ran.`, 'toolError');
  const source = new vscode.CancellationTokenSource();
  const onAbort = (): void => source.cancel();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, source.token);
    const text = capOutput(resultText(result.content), MAX_RESULT_BYTES).text;
    return output(text.trim() === '' ? '(the tool returned no text)' : text, 'ok');
  } catch (e) {
    if (ctx.signal.aborted) return output(`${name} was stopped.`, 'toolError');
    const cancelled = e instanceof vscode.CancellationError || (e instanceof Error && e.name === 'Canceled');
    if (cancelled) return output(`The user declined to run ${name}; it did not run.`, 'rejected');
    return output(`${name} failed: ${e instanceof Error ? e.message : String(e)}`, 'toolError');
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    source.dispose();
  }
}

export function externalTool(info: LmToolInfo): AgentTool {
  return {
    readOnly: readOnlyByTags(info.tags),
    definition: { name: info.name, description: info.description || info.name, inputSchema: objectSchema(info.inputSchema) },
    run: (input, ctx) => invokeExternal(info.name, input, ctx),
  };
}
