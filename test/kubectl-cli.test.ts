/** kubectl's command line as cobra and pflag read it: commands, suggestions, each verb's own flags. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run, session } from './helpers.ts';

test('an unknown command gets cobra\'s "Did you mean this?" block, suggestions in kubectl\'s command order', () => {
  const s = session();
  assert.deepEqual(run(s, 'kubectl gte'), { text: 'error: unknown command "gte" for "kubectl"\n\nDid you mean this?\n\tget', code: 1 });
  // SuggestFor: get and wait name "ps"; cp is within two edits.
  assert.equal(run(s, 'kubectl ps').text, 'error: unknown command "ps" for "kubectl"\n\nDid you mean this?\n\tget\n\tcp\n\twait');
  assert.equal(run(s, 'kubectl log').text, 'error: unknown command "log" for "kubectl"\n\nDid you mean this?\n\ttop\n\tlogs');
  assert.deepEqual(run(s, 'kubectl frobnicate'), { text: 'error: unknown command "frobnicate" for "kubectl"', code: 1 });
  // A flag before the verb that kubectl does not know takes the next word as its value (stripFlags).
  assert.deepEqual(run(s, 'kubectl --bogus get'), { text: "error: unknown flag: --bogus\nSee 'kubectl --help' for usage.", code: 1 });
});

test('each verb has its own flags: another verb\'s flag is unknown, a real one kubetutor does not model says so', () => {
  const s = session();
  assert.deepEqual(run(s, 'kubectl get pods --replicas=3'), { text: "error: unknown flag: --replicas\nSee 'kubectl get --help' for usage.", code: 1 });
  assert.deepEqual(run(s, 'kubectl create deploy x --image'), { text: "error: flag needs an argument: --image\nSee 'kubectl create deployment --help' for usage.", code: 1 });
  const since = run(s, 'kubectl logs --since=1h web');
  assert.equal(since.code, 1);
  assert.match(since.text, /^error: the --since flag of kubectl logs is not simulated in kubetutor\nhint: kubetutor simulates these flags of kubectl logs: -c\/--container, -f\/--follow/);
  assert.match(run(s, 'kubectl get pods --all-namespaces=maybe').text, /^error: invalid argument "maybe" for "-A, --all-namespaces" flag: strconv.ParseBool: parsing "maybe": invalid syntax/);
  assert.equal(run(s, 'kubectl -n kube-system get pods -o name').text.split('\n')[0], 'pod/coredns-6d4b689d98-db672');
});

test('real commands kubetutor does not run say so with a hint, never "unknown command"', () => {
  const s = session();
  for (const c of ['attach web', 'cp web:/a b', 'auth can-i get pods', 'debug web', 'autoscale deploy web --max=3', 'diff -f x.yaml', 'plugin list', 'certificate approve x']) {
    const r = run(s, `kubectl ${c}`);
    assert.equal(r.code, 1, c);
    assert.match(r.text, /^error: kubectl [a-z-]+( [a-z-]+)? is not simulated in kubetutor\nhint: ./, c);
  }
  // kubectl's own help: "Note: currently selectors can only be set on Service objects." (pkg/cmd/set/set_selector.go)
  assert.match(run(s, 'kubectl set selector svc/web app=web').text, /\nhint: `kubectl set selector` works on Services only: /);
  assert.match(run(s, 'kubectl options').text, /\nhint: Of kubectl's global options the sandbox honours -n\/--namespace, --context, --request-timeout, /);
  assert.deepEqual(run(s, 'kubectl rollout foo bar'), { text: 'error: unknown command "foo bar"\nSee \'kubectl rollout -h\' for help and examples', code: 1 });
  assert.deepEqual(run(s, 'kubectl create foo'), { text: 'error: Unexpected args: [foo]\nSee \'kubectl create -h\' for help and examples', code: 1 });
});

test('deprecated spellings still work with the real warnings', () => {
  const s = session();
  run(s, 'kubectl create deployment web --image=nginx:1.27');
  assert.deepEqual(run(s, 'kubectl scale deploy/web --replicas=2 --record'), { text: 'Flag --record has been deprecated, --record will be removed in the future\ndeployment.apps/web scaled', code: 0 });
  const dry = run(s, 'kubectl create deployment x --image=nginx --dry-run -o name');
  assert.match(dry.text, /^W\d{4} \d\d:\d\d:\d\d\.\d{6}   \d+ helpers\.go:702\] --dry-run is deprecated and can be replaced with --dry-run=client\.\ndeployment\.apps\/x$/);
  assert.match(run(s, 'kubectl get deploy x').text, /not found/);
  assert.deepEqual(run(s, 'kubectl get pods --context=nope'), { text: 'error: context "nope" does not exist', code: 1 });
});
