/**
 * What the tutorials build: multi-stage Dockerfiles whose build stages leave the files later
 * stages copy (go build, npm/yarn + vite, Maven, pip, g++), COPY --from an image's real file,
 * and the catalogue images the Kubernetes and Docker tutorials name.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { syntaxDirective } from '../src/sim/builder.ts';
import { catalogue } from '../src/sim/catalogue.ts';
import { imageFiles, imageSize } from '../src/sim/image.ts';
import { run, session } from './helpers.ts';

function catalogued(repo: string, tag: string): ReturnType<typeof catalogue>[number] | undefined {
  return catalogue().find((c) => c.repo === repo && c.tags.includes(tag));
}

test('the catalogue holds the tutorials\' images, with their real config and files', () => {
  const bootcamp = catalogued('gcr.io/google-samples/kubernetes-bootcamp', 'v1');
  assert.ok(bootcamp);
  assert.deepEqual(bootcamp.image.config.exposedPorts, ['8080/tcp']);
  assert.deepEqual(bootcamp.image.config.cmd, ['/bin/sh', '-c', 'node server.js']);
  assert.ok(bootcamp.image.config.env.includes('NODE_VERSION=6.3.1'));
  assert.match(imageFiles(bootcamp.image).get('/server.js') ?? '', /Hello Kubernetes bootcamp! \| Running on: [\s\S]*" \| v=1\\n"/);
  assert.equal(Math.round(imageSize(bootcamp.image) / 1e6), 211);
  assert.deepEqual(bootcamp.image.behaviour, { kind: 'server', name: 'kubernetes-bootcamp', version: 'v1' });
  // The same image is on Docker Hub as jocatalin's v1; v2 is the update module's, and there is no v10.
  assert.equal(catalogued('docker.io/jocatalin/kubernetes-bootcamp', 'v1')?.image.id, bootcamp.image.id);
  assert.match(imageFiles(catalogued('docker.io/jocatalin/kubernetes-bootcamp', 'v2')?.image ?? bootcamp.image).get('/server.js') ?? '', /v=2/);
  assert.equal(catalogued('gcr.io/google-samples/kubernetes-bootcamp', 'v10'), undefined);
  for (const [repo, tag] of [['docker.io/library/nginx', '1.14.2'], ['docker.io/library/nginx', '1.16.1'], ['docker.io/library/nginx', '1.7.9'], ['docker.io/library/busybox', '1.28'],
    ['registry.k8s.io/echoserver', '1.4'], ['registry.k8s.io/echoserver', '1.10'], ['docker.io/library/node', '18-alpine'], ['docker.io/library/golang', '1.24'],
    ['docker.io/library/eclipse-temurin', '21.0.2_13-jdk-jammy'], ['docker.io/library/eclipse-temurin', '21.0.2_13-jre-jammy'], ['docker.io/library/maven', '3.9-eclipse-temurin-21'],
    ['docker.io/moby/buildkit', 'rootless'], ['ghcr.io/osscontainertools/kaniko', 'latest'], ['docker.io/martizih/kaniko', 'debug']] as const) {
    assert.ok(catalogued(repo, tag), `${repo}:${tag}`);
  }
  // nginx stops on SIGQUIT since 1.21; 1.14 and 1.16 on SIGTERM; 1.7.9 set none.
  assert.equal(catalogued('docker.io/library/nginx', '1.27')?.image.config.stopSignal, 'SIGQUIT');
  assert.equal(catalogued('docker.io/library/nginx', '1.14.2')?.image.config.stopSignal, 'SIGTERM');
  assert.equal(catalogued('docker.io/library/nginx', '1.7.9')?.image.config.stopSignal, undefined);
  assert.match(imageFiles(catalogued('docker.io/library/nginx', 'latest')?.image ?? bootcamp.image).get('/etc/nginx/nginx.conf') ?? '', /worker_processes {2}auto;/);
  // A hidden base is no image of its own.
  assert.equal(catalogue().some((c) => c.repo.startsWith('internal/')), false);
});

test('the bootcamp logs its start line as server.js prints it, with the pod\'s hostname', () => {
  const s = session();
  run(s, 'kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1');
  run(s, 'sleep 15');
  const logs = run(s, 'kubectl logs deploy/kubernetes-bootcamp');
  assert.match(logs.text, /^Kubernetes Bootcamp App Started At: 2\d{3}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \| Running On: {2}kubernetes-bootcamp-[a-z0-9]+-[a-z0-9]{5} \n$/);
  assert.match(run(s, 'kubectl exec deploy/kubernetes-bootcamp -- node --version').text, /^v6\.3\.1$/);
});

const GUIDE = `cat > Dockerfile <<'EOF2'
# syntax=docker/dockerfile:1
FROM golang:1.25 AS build
WORKDIR /src
COPY <<EOF /src/main.go
package main

import "fmt"

func main() {
  fmt.Println("hello, world")
}
EOF
RUN go build -o /bin/hello ./main.go

FROM scratch
COPY --from=build /bin/hello /bin/hello
CMD ["/bin/hello"]
EOF2`;

test('multi-stage guide: go build leaves /bin/hello for the scratch stage, which runs it', () => {
  const s = session();
  run(s, GUIDE);
  const built = run(s, 'docker build -t hello .');
  assert.equal(built.code, 0, built.text);
  assert.match(built.text, /#\d+ \[build 4\/4\] RUN go build -o \/bin\/hello \.\/main\.go\n#\d+ DONE/);
  assert.match(built.text, /#\d+ \[stage-1 1\/1\] COPY --from=build \/bin\/hello \/bin\/hello\n#\d+ DONE/);
  assert.deepEqual(run(s, 'docker run --rm hello'), { text: 'hello, world', code: 0 });
  assert.match(run(s, 'docker images hello').text, /hello +latest +[0-9a-f]{12} .* 2\.\d+MB$/);
  // Stopping at the build stage builds only what it needs.
  const target = run(s, 'docker build --target build -t hello:build .');
  assert.equal(target.code, 0);
  assert.doesNotMatch(target.text, /stage-1/);
});

test('the legacy builder (DOCKER_BUILDKIT=0) runs every stage up to the target, step by step, as the daemon prints it', () => {
  const s = session();
  run(s, `printf 'FROM ubuntu AS base\\nRUN echo "base"\\n\\nFROM base AS stage1\\nRUN echo "stage1"\\n\\nFROM base AS stage2\\nRUN echo "stage2"\\n' > Dockerfile`);
  const legacy = run(s, 'DOCKER_BUILDKIT=0 docker build --no-cache -f Dockerfile --target stage2 .');
  assert.equal(legacy.code, 0, legacy.text);
  assert.match(legacy.text, /^DEPRECATED: The legacy builder is deprecated and will be removed in a future release\.\n {12}BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0\n {12}environment-variable\.\n\nSending build context to Docker daemon  2\.048kB\nStep 1\/6 : FROM ubuntu AS base\nlatest: Pulling from library\/ubuntu\n/);
  assert.match(legacy.text, /Step 4\/6 : RUN echo "stage1"\n ---> Running in ([0-9a-f]{12})\nstage1\n ---> Removed intermediate container \1\n ---> [0-9a-f]{12}\nStep 5\/6 : FROM base AS stage2\n/);
  const id = /Successfully built ([0-9a-f]{12})$/.exec(legacy.text)?.[1];
  assert.ok(id, legacy.text);
  // A rebuild uses the cache; a tag is reported; config instructions commit through a container.
  run(s, `printf 'FROM alpine:3.21\\nENV A=1\\nCOPY Dockerfile /\\nCMD ["sh"]\\n' > Dockerfile`);
  const first = run(s, 'DOCKER_BUILDKIT=0 docker build -t demo .');
  assert.match(first.text, /Step 2\/4 : ENV A=1\n ---> Running in [0-9a-f]{12}\n ---> Removed intermediate container [0-9a-f]{12}\n ---> [0-9a-f]{12}\nStep 3\/4 : COPY Dockerfile \/\n ---> [0-9a-f]{12}\n/);
  assert.match(first.text, /Successfully built [0-9a-f]{12}\nSuccessfully tagged demo:latest$/);
  const again = run(s, 'DOCKER_BUILDKIT=0 docker build -t demo .');
  assert.match(again.text, /Step 2\/4 : ENV A=1\n ---> Using cache\n/);
  assert.match(again.text, /Step 3\/4 : COPY Dockerfile \/\n ---> Using cache\n/);
  // Failures in the legacy builder's words.
  run(s, `printf 'FROM alpine:3.21\\nRUN false\\n' > Dockerfile`);
  const failed = run(s, 'DOCKER_BUILDKIT=0 docker build .');
  assert.equal(failed.code, 1);
  assert.match(failed.text, / ---> Running in [0-9a-f]{12}\nThe command '\/bin\/sh -c false' returned a non-zero code: 1$/);
  assert.match(run(s, 'DOCKER_BUILDKIT=0 docker build --target nope .').text, /Error response from daemon: failed to reach build target nope in Dockerfile$/);
});

test('# syntax= sends BuildKit to the frontend image first (pulled once, then CACHED); other builders read a comment', () => {
  const s = session();
  run(s, `printf '# syntax=docker/dockerfile:1\\nFROM alpine:3.21\\nCOPY Dockerfile /\\n' > Dockerfile && printf 'node_modules\\n.git\\n' > .dockerignore`);
  const first = run(s, 'docker build -t fe .');
  assert.equal(first.code, 0, first.text);
  assert.match(first.text, /\n\n#2 resolve image config for docker-image:\/\/docker\.io\/docker\/dockerfile:1\n#2 DONE \d\.\ds\n\n#3 docker-image:\/\/docker\.io\/docker\/dockerfile:1@(sha256:[0-9a-f]{64})\n#3 resolve docker\.io\/docker\/dockerfile:1@\1 0\.0s done\n#3 sha256:[0-9a-f]{64} 14\.30MB \/ 14\.30MB 0\.4s done\n#3 extracting sha256:[0-9a-f]{64} 0\.2s done\n#3 DONE 0\.7s\n\n#4 \[internal\] load metadata for docker\.io\/library\/alpine:3\.21\n/);
  // .dockerignore is transferred as it is (2B is what an absent one costs).
  assert.match(first.text, /#5 \[internal\] load \.dockerignore\n#5 transferring context: 18B done\n/);
  assert.match(run(s, 'docker build -t fe .').text, /\n#3 docker-image:\/\/docker\.io\/docker\/dockerfile:1@sha256:[0-9a-f]{64}\n#3 CACHED\n/);
  assert.doesNotMatch(run(s, 'docker images').text, /docker\/dockerfile/);
  assert.doesNotMatch(run(s, 'DOCKER_BUILDKIT=0 docker build .').text, /dockerfile:1/);
  assert.doesNotMatch(run(s, 'buildah bud -t fe .').text, /dockerfile:1/);
  // A frontend the registry does not have stops the build at the directive.
  run(s, `printf '# syntax=docker/dockerfile:99\\nFROM alpine:3.21\\n' > Dockerfile`);
  const missing = run(s, 'docker build .');
  assert.equal(missing.code, 1);
  assert.match(missing.text, /#2 resolve image config for docker-image:\/\/docker\.io\/docker\/dockerfile:99\n#2 ERROR: docker\.io\/docker\/dockerfile:99: not found\n/);
  assert.match(missing.text, /Dockerfile:1\n-{20}\n {3}1 \| >>> # syntax=docker\/dockerfile:99\n/);
  assert.match(missing.text, /ERROR: failed to build: failed to solve: failed to resolve source metadata for docker\.io\/docker\/dockerfile:99: docker\.io\/docker\/dockerfile:99: not found$/);
});

test('BuildKit finds the syntax directive as DetectSyntax does', () => {
  assert.deepEqual(syntaxDirective('# syntax = docker/dockerfile:1.4 extra\nFROM x'), { ref: 'docker/dockerfile:1.4', line: 1 });
  assert.deepEqual(syntaxDirective('#!/usr/bin/env docker\n# escape=`\n#SYNTAX=docker/dockerfile:1\n'), { ref: 'docker/dockerfile:1', line: 3 });
  assert.deepEqual(syntaxDirective('// syntax=docker/dockerfile:1\n'), { ref: 'docker/dockerfile:1', line: 1 });
  assert.equal(syntaxDirective('# a comment\n# syntax=docker/dockerfile:1\n'), undefined);
  assert.equal(syntaxDirective('\n# syntax=docker/dockerfile:1\n'), undefined);
  assert.equal(syntaxDirective('FROM x\n# syntax=docker/dockerfile:1\n'), undefined);
});

test('go build without a go.mod fails as Go does; a file argument needs none', () => {
  const s = session();
  run(s, "cat > main.go <<'EOF'\npackage main\nimport \"fmt\"\nfunc main() { fmt.Println(\"hi\") }\nEOF");
  run(s, "cat > Dockerfile <<'EOF'\nFROM golang:1.25-alpine\nWORKDIR /src\nCOPY main.go .\nRUN go build -o /out/app .\nEOF");
  const r = run(s, 'docker build -t g .');
  assert.equal(r.code, 1);
  assert.match(r.text, /go: go\.mod file not found in current directory or any parent directory; see 'go help modules'/);
  run(s, "cat > Dockerfile <<'EOF'\nFROM golang:1.25-alpine\nWORKDIR /src\nCOPY main.go .\nRUN go mod init example.com/app && go build -o /out/ .\nCMD [\"/out/app\"]\nEOF");
  const ok = run(s, 'docker build -t g .');
  assert.equal(ok.code, 0, ok.text);
  assert.match(ok.text, /go: creating new go\.mod: module example\.com\/app/);
  assert.deepEqual(run(s, 'docker run --rm g'), { text: 'hi', code: 0 });
});

test('COPY --from an image copies its real file; BuildKit loads it as a source of its own', () => {
  const s = session();
  run(s, "cat > Dockerfile <<'EOF'\nFROM alpine:3.21\nCOPY --from=nginx:latest /etc/nginx/nginx.conf /nginx.conf\nRUN head -2 /nginx.conf\nEOF");
  const r = run(s, 'docker build --progress=plain -t conf .');
  assert.equal(r.code, 0, r.text);
  assert.match(r.text, /\[internal\] load metadata for docker\.io\/library\/nginx:latest/);
  assert.match(r.text, /#\d+ FROM docker\.io\/library\/nginx:latest@sha256:[0-9a-f]{64}\n#\d+ resolve /);
  assert.match(r.text, /#\d+ \[stage-0 2\/3\] COPY --from=nginx:latest \/etc\/nginx\/nginx\.conf \/nginx\.conf/);
  assert.match(r.text, /#\d+ \d\.\d+ user {2}nginx;/);
  // A file the image lacks fails the COPY, as BuildKit's checksum does.
  run(s, "cat > Dockerfile <<'EOF'\nFROM alpine:3.21\nCOPY --from=nginx:latest /etc/nope.conf /x\nEOF");
  assert.match(run(s, 'docker build -t conf .').text, /"\/etc\/nope\.conf": not found/);
});

test('Spring Boot guide: ./mvnw builds the jar the jre stage copies by wildcard, and java -jar serves', () => {
  const s = session();
  for (const line of [
    'mkdir -p .mvn/wrapper src/main/java/com/example/spring_boot_docker src/test/java/com/example/spring_boot_docker',
    "echo 'distributionUrl=https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/3.9.9/apache-maven-3.9.9-bin.zip' > .mvn/wrapper/maven-wrapper.properties",
    "printf '#!/bin/sh\\n' > mvnw",
    "echo 'package com.example.spring_boot_docker; public class SpringBootDockerApplication {}' > src/main/java/com/example/spring_boot_docker/SpringBootDockerApplication.java",
    "echo 'package com.example.spring_boot_docker; class SpringBootDockerApplicationTests {}' > src/test/java/com/example/spring_boot_docker/SpringBootDockerApplicationTests.java",
  ]) run(s, line);
  run(s, `cat > pom.xml <<'EOF'
<project>
  <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.4.0</version></parent>
  <groupId>com.example</groupId>
  <artifactId>spring-boot-docker</artifactId>
  <version>0.0.1-SNAPSHOT</version>
  <dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies>
</project>
EOF`);
  run(s, `cat > Dockerfile <<'EOF'
FROM eclipse-temurin:21.0.2_13-jdk-jammy AS builder
WORKDIR /opt/app
COPY .mvn/ .mvn
COPY mvnw pom.xml ./
RUN ./mvnw dependency:go-offline
COPY ./src ./src
RUN ./mvnw clean install

FROM eclipse-temurin:21.0.2_13-jre-jammy AS final
WORKDIR /opt/app
EXPOSE 8080
COPY --from=builder /opt/app/target/*.jar /opt/app/*.jar
ENTRYPOINT ["java", "-jar", "/opt/app/*.jar"]
EOF`);
  const r = run(s, 'docker build -t spring-helloworld-builder .');
  assert.equal(r.code, 0, r.text);
  assert.match(r.text, /\[INFO\] Building jar: \/opt\/app\/target\/spring-boot-docker-0\.0\.1-SNAPSHOT\.jar/);
  assert.match(r.text, /\[INFO\] Tests run: 1, Failures: 0, Errors: 0, Skipped: 0\n/);
  assert.match(r.text, /\[INFO\] BUILD SUCCESS/);
  run(s, 'docker run -d -p 8080:8080 --name sb spring-helloworld-builder');
  const logs = run(s, 'docker logs sb').text;
  assert.match(logs, /:: Spring Boot :: {16}\(v3\.4\.0\)/);
  assert.match(logs, /Starting SpringBootDockerApplication v0\.0\.1-SNAPSHOT using Java 21\.0\.2 with PID 1 \(\/opt\/app\/\*\.jar started by root in \/opt\/app\)/);
  assert.match(logs, /Tomcat started on port 8080 \(http\) with context path '\/'/);
  assert.match(run(s, 'docker ps').text, /spring-helloworld-builder +"java -jar \/opt\/app\/…" .* Up /);
});

test('the todo app\'s Dockerfile: yarn install, vite build and jest leave dist/ for the final stage', () => {
  const s = session();
  for (const line of [
    'mkdir -p client/src client/public backend/src backend/spec',
    `echo '{ "name": "client", "version": "0.0.0", "scripts": { "build": "vite build" }, "devDependencies": { "vite": "^6.3.5" } }' > client/package.json`,
    "echo '# yarn lockfile v1' > client/yarn.lock", "echo '<div id=\"root\"></div>' > client/index.html", 'touch client/.eslintrc.cjs client/vite.config.js client/public/favicon.ico',
    "echo 'console.log(1)' > client/src/main.jsx",
    `echo '{ "name": "backend", "version": "1.0.0", "scripts": { "test": "jest" }, "dependencies": { "express": "^4.21.0" }, "devDependencies": { "jest": "^29.7.0" } }' > backend/package.json`,
    "echo '# yarn lockfile v1' > backend/yarn.lock", "echo 'test(\"works\", () => {})' > backend/spec/app.spec.js",
    "echo \"require('express')().listen(3000, () => console.log('Listening on port 3000'))\" > backend/src/index.js",
  ]) run(s, line);
  run(s, `cat > Dockerfile <<'EOF'
FROM node:22 AS base
WORKDIR /usr/local/app
FROM base AS client-base
COPY client/package.json client/yarn.lock ./
RUN yarn install
COPY client/.eslintrc.cjs client/index.html client/vite.config.js ./
COPY client/public ./public
COPY client/src ./src
FROM client-base AS client-build
RUN yarn build
FROM base AS backend-dev
COPY backend/package.json backend/yarn.lock ./
RUN --mount=type=cache,id=yarn,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile
COPY backend/spec ./spec
COPY backend/src ./src
FROM backend-dev AS test
RUN yarn test
FROM base AS final
ENV NODE_ENV=production
COPY --from=test /usr/local/app/package.json /usr/local/app/yarn.lock ./
RUN yarn install --production --frozen-lockfile && yarn cache clean --force
COPY backend/src ./src
COPY --from=client-build /usr/local/app/dist ./src/static
EXPOSE 3000
CMD ["node", "src/index.js"]
EOF`);
  const r = run(s, 'docker build -t todo .');
  assert.equal(r.code, 0, r.text);
  assert.match(r.text, /\$ vite build\n#\d+ [\d.]+ vite v6\.3\.5 building for production\.\.\./);
  assert.match(r.text, /#\d+ [\d.]+ Test Suites: 1 passed, 1 total/);
  run(s, 'docker run -d --name todo todo');
  assert.deepEqual(run(s, 'docker exec todo ls src/static'), { text: 'assets\nindex.html', code: 0 });
  assert.equal(run(s, 'docker logs todo').text, 'Listening on port 3000');
});

test('pip installs where it is told (a venv, --prefix) so a later stage can copy it; g++ from build-base compiles', () => {
  const s = session();
  run(s, "echo 'flask==3.1.2' > requirements.txt");
  run(s, "echo 'print(\"served\")' > app.py");
  run(s, `cat > Dockerfile <<'EOF'
FROM python:3.12 AS build
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
FROM python:3.12-slim
COPY --from=build /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
COPY app.py .
CMD ["flask", "--version"]
EOF`);
  const r = run(s, 'docker build -t py .');
  assert.equal(r.code, 0, r.text);
  assert.match(r.text, /Successfully installed flask-3\.1\.2\n/);
  assert.doesNotMatch(r.text, /Running pip as the 'root' user/);
  assert.equal(run(s, 'docker run --rm py ls /opt/venv/lib/python3.12/site-packages').text, 'flask\npip');
  run(s, "cat > source1.cpp <<'EOF'\n#include <cstdio>\nint main() { printf(\"binary\\n\"); }\nEOF");
  run(s, `cat > Dockerfile <<'EOF'
FROM alpine:3.21 AS builder
RUN apk --no-cache add build-base
FROM builder AS build1
COPY source1.cpp source.cpp
RUN g++ -o /binary source.cpp
EOF`);
  const c = run(s, 'docker build -t cpp .');
  assert.equal(c.code, 0, c.text);
  assert.match(c.text, /Installing g\+\+ \(14\.2\.0-r4\)/);
  assert.deepEqual(run(s, 'docker run --rm cpp /binary'), { text: 'binary', code: 0 });
});

test('STOPSIGNAL lands in the config docker inspect shows', () => {
  const s = session();
  run(s, "cat > Dockerfile <<'EOF'\nFROM nginx:1.27\nSTOPSIGNAL SIGTERM\nEOF");
  assert.equal(run(s, 'docker build -q -t sig .').code, 0);
  assert.equal(run(s, "docker inspect --format '{{.Config.StopSignal}}' sig").text, 'SIGTERM');
  run(s, 'docker pull -q nginx:1.27');
  assert.equal(run(s, "docker inspect --format '{{.Config.StopSignal}}' nginx:1.27").text, 'SIGQUIT');
});

const APP = [
  "cat > Dockerfile <<'EOF'\nFROM node:22-alpine\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"index.js\"]\nEOF",
  "echo 'console.log(\"built in CI\")' > index.js",
];

test('CI: BuildKit (buildctl-daemonless.sh) and Buildah steps build and push with the runner\'s credentials', () => {
  const s = session();
  for (const l of APP) run(s, l);
  run(s, `cat > ci.yaml <<'EOF'
steps:
  - name: buildkit
    image: moby/buildkit:rootless
    command: ["buildctl-daemonless.sh"]
    args: ["build", "--frontend=dockerfile.v0", "--local", "context=.", "--local", "dockerfile=.", "--output", "type=image,name=docker.io/learner/app:1.1,push=true"]
  - name: buildah
    image: quay.io/buildah/stable
    script:
      - buildah bud --storage-driver=vfs -t docker.io/learner/app:1.2 .
      - buildah push --storage-driver=vfs docker.io/learner/app:1.2
EOF`);
  const denied = run(s, 'ci run');
  assert.equal(denied.code, 1);
  assert.match(denied.text, /#\d+ ERROR: failed to push docker\.io\/learner\/app:1\.1: push access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed\nerror: failed to solve: failed to push docker\.io\/learner\/app:1\.1: /);
  assert.doesNotMatch(denied.text, /building with "default" instance/);
  run(s, 'echo pw | ci login docker.io -u learner --password-stdin');
  const r = run(s, 'ci run');
  assert.equal(r.code, 0, r.text);
  assert.match(r.text, /#\d+ naming to docker\.io\/learner\/app:1\.1 done\n#\d+ pushing layers [\d.]+s done\n#\d+ pushing manifest for docker\.io\/learner\/app:1\.1@sha256:[0-9a-f]{64} [\d.]+s done/);
  assert.match(r.text, /\$ buildah bud --storage-driver=vfs -t docker\.io\/learner\/app:1\.2 \.\nSTEP 1\/4: FROM node:22-alpine/);
  assert.match(r.text, /Successfully tagged docker\.io\/learner\/app:1\.2\n/);
  assert.match(r.text, /\$ buildah push --storage-driver=vfs docker\.io\/learner\/app:1\.2\nGetting image source signatures\n/);
  assert.equal(run(s, 'docker run --rm learner/app:1.1').text.split('\n').at(-1), 'built in CI');
  assert.equal(run(s, 'docker run --rm learner/app:1.2').text.split('\n').at(-1), 'built in CI');
});

test('CI: Google\'s archived Kaniko image still runs, with a note; the maintained fork runs without one', () => {
  const s = session();
  for (const l of APP) run(s, l);
  // The secret is for every builder, each reading its own config.json.
  assert.equal(run(s, 'echo pw | ci login docker.io -u learner --password-stdin').text, 'Saved credentials for docker.io on ci-runner (as a CI secret: /kaniko/.docker/config.json for Kaniko, ~/.docker/config.json for BuildKit and Buildah)');
  run(s, `cat > ci.yaml <<'EOF'
steps:
  - name: old
    image: gcr.io/kaniko-project/executor:debug
    script:
      - /kaniko/executor --context . --dockerfile Dockerfile --destination docker.io/learner/app:1.3
  - name: fork
    image: ghcr.io/osscontainertools/kaniko:v1.28.0
    args: ["--context=.", "--dockerfile=Dockerfile", "--destination=docker.io/learner/app:1.4"]
  - name: wrong-tool
    image: quay.io/buildah/stable
    script: ["/kaniko/executor --context ."]
EOF`);
  const r = s.run('ci run', []);
  const hints = r.lines.filter((l) => l.stream === 'hint').map((l) => l.text);
  assert.equal(hints.length, 1);
  assert.match(hints[0] ?? '', /^GoogleContainerTools\/kaniko was archived on 3 June 2025 \(v1\.24\.0 is its last release\).*osscontainertools\/kaniko.*chainguard-forks\/kaniko/);
  const text = r.lines.map((l) => l.text).join('\n');
  assert.match(text, /INFO\[\d{4}\] Pushed index\.docker\.io\/learner\/app@sha256:/);
  assert.match(text, /Step "fork": using image ghcr\.io\/osscontainertools\/kaniko:v1\.28\.0\nPulling .*\n\$ \/kaniko\/executor --context=\. /);
  assert.match(text, /\$ \/kaniko\/executor --context \.\n\/bin\/sh: executor: not found\n\nERROR: Job failed: exit code 127$/);
  assert.match(run(s, 'help ci').text, /moby\/buildkit:rootless[\s\S]*quay\.io\/buildah\/stable[\s\S]*archived on 3 June 2025/);
});

test('a refused push says whose rule refused it: Docker Hub\'s namespaces, not a law of registries', () => {
  const s = session();
  run(s, "printf 'FROM busybox:1.37\\n' > Dockerfile");
  run(s, 'docker build -q -t site:1.0 .');
  // No login helps with docker.io/library/…: the hint says so instead of asking for one.
  const official = run(s, 'docker push site:1.0');
  assert.match(official.text, /^denied: requested access to the resource is denied\nhint: `site:1\.0` means docker\.io\/library\/site: Docker Hub's namespace for its official images, where no user may push\. Push under your own name \(after `docker login`\): `docker tag site:1\.0 NAME\/site:1\.0`\.$/m);
  run(s, 'echo pw | docker login -u learner --password-stdin');
  run(s, 'docker tag site:1.0 bob/site:1.0');
  const other = run(s, 'docker push bob/site:1.0');
  assert.match(other.text, /^hint: You are logged in as "learner": Docker Hub lets an account push only under its own name \(or an organisation's it belongs to\) — that registry's rule; a registry:2 of your own takes any name\. Push under yours: `docker tag bob\/site:1\.0 learner\/site:1\.0`\.$/m);
  assert.match(run(s, 'help registries').text, /gcr\.io, registry\.k8s\.io +Google's and the Kubernetes project's images: pull only\./);
});

test('docker deploy is no Docker 28 command; the hint tells Docker Engine from Swarm and Kubernetes', () => {
  const r = run(session(), 'docker deploy app');
  assert.equal(r.code, 1);
  assert.match(r.text, /^docker: unknown command: docker deploy\n\nRun 'docker --help' for more information\nhint: Docker Engine runs containers on its own machine \(`docker stack deploy` spreads them over a Swarm/);
});

test('kind and minikube are not on the laptop: the hint says the cluster already runs, and images reach it through a registry', () => {
  const s = session();
  assert.match(run(s, 'kind load docker-image app:1').text, /^bash: kind: command not found\nhint: kind is not installed: the sandbox's cluster is already running .*push the image to a registry the nodes can reach\.$/);
  assert.match(run(s, 'minikube ip').text, /^bash: minikube: command not found\nhint: minikube is not installed: the sandbox's cluster is already running\./);
});
