/**
 * `kubectl edit TYPE/NAME` (staging/src/k8s.io/kubectl/pkg/cmd/util/editor/editoptions.go): the
 * object as YAML, under kubectl's header, in the learner's editor ($KUBE_EDITOR, else $EDITOR, else
 * vi); what they save is sent back whole (a PUT, as replace does). Unchanged or emptied: kubectl's
 * "Edit cancelled" lines. At a terminal only — piped there is no one to edit.
 */
import { yamlToJson } from './manifests.ts';
import { kindSlashName, resourceByKind } from '../../sim/cluster/resources.ts';
import type { KObject } from '../../sim/cluster/objects.ts';
import type { CommandContext } from '../context.ts';
import type { ParsedFlags } from '../flags.ts';
import { err, hint, out, result, type CommandResult } from '../result.ts';
import { isResult, noResourcesGiven, resolveObjects, statusLines } from './common.ts';
import { toYaml } from './output.ts';

const HEADER = [
  "# Please edit the object below. Lines beginning with a '#' will be ignored,",
  '# and an empty file will abort the edit. If an error occurs while saving this file will be',
  '# reopened with the relevant failures.',
  '#',
];

export function edit(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  if (args.length === 0) return noResourcesGiven();
  const found = resolveObjects(args, ctx, p);
  if (isResult(found)) return found;
  if (found.errors.length) return result(found.errors, 1);
  const [live] = found.objects;
  if (!live) return noResourcesGiven();
  if (found.objects.length > 1) return result([err('error: kubetutor edits one object at a time: name one (kubectl edit TYPE/NAME)')], 1);
  if (!ctx.live) {
    // At a lesson's terminal (ctx.editor) the editor is there, but a lesson's journal cannot keep the edit yet.
    return result([err(ctx.editor ? 'error: kubetutor\'s lessons do not run kubectl edit yet (the sandbox does)' : 'error: kubectl edit opens an editor, which needs a terminal'),
      hint(`Change the object with \`kubectl patch\`, \`kubectl set\`, \`kubectl scale\`, or \`kubectl get ${kindSlashName(resourceByKind(live.kind, live.apiVersion) ?? { kind: live.kind } as never, live.metadata.name as string)} -o yaml > FILE\`, edit FILE, then \`kubectl replace -f FILE\`.`)], 1);
  }
  const original = toYaml(live);
  return {
    ...result([]),
    request: { kind: 'edit', name: 'kubectl-edit.yaml', content: `${HEADER.join('\n')}\n${original}`, editorVariables: ['KUBE_EDITOR', 'EDITOR'], then: (text) => saveEdit(ctx, live, original, text) },
  };
}

function saveEdit(ctx: CommandContext, live: KObject, original: string, text: string): CommandResult {
  const body = text.split('\n').filter((l) => !l.startsWith('#')).join('\n');
  if (body.trim() === '') return result([out('Edit cancelled, saved file was empty.')]);
  if (body.trim() === original.trim()) return result([out('Edit cancelled, no changes made.')]);
  const parsed = yamlToJson(body);
  if (!parsed.ok) return result([err(`error: ${parsed.error}`), hint('Nothing was saved; `kubectl edit` again starts from the object as it is.')], 1);
  const obj = parsed.value as KObject;
  const type = resourceByKind(live.kind, live.apiVersion);
  if (!type) return result([err('error: the object cannot be edited')], 1);
  const r = ctx.world.cluster.api.replace({ ...obj, metadata: { ...obj.metadata, resourceVersion: obj.metadata?.resourceVersion ?? live.metadata.resourceVersion } }, { actor: 'kubectl edit' });
  if (!r.ok) return result([...statusLines(r.error), hint('Nothing was saved; `kubectl edit` again starts from the object as it is.')], 1);
  return result([out(`${kindSlashName(type, live.metadata.name as string)} edited`)]);
}
