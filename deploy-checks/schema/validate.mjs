#!/usr/bin/env node
// Strict schema validation of Kubernetes manifests, offline.
//
//   kubectl kustomize deploy/kubernetes/overlays/prod | node deploy-checks/schema/validate.mjs
//   node deploy-checks/schema/validate.mjs rendered.yaml [more.yaml ...]
//
// Every object is checked twice, against the schemas published as npm packages (kubernetes-models for the core API,
// @kubernetes-models/* for Strimzi, the Prometheus Operator, KEDA and CloudNativePG):
//   1. the package's JSON Schema validator: types, required fields, enums, formats;
//   2. the package's TypeScript type, by compiling the object as a typed literal: TypeScript's excess-property check
//      reports every field the schema does not declare, at any depth. The JSON Schemas alone accept unknown fields
//      (as the API server would, by pruning them silently), which hides typos such as "livenesProbe".
// An object whose apiVersion and kind no package describes is an error too: nothing passes unchecked.
//
// Prints one line per problem ("<kind>/<name>: <message>") and a summary; exits 0 when every object is valid, 1 when
// one is not, 2 on bad input.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));

// API group -> the npm package whose models describe it. The core group ("v1") and the built-in groups are in
// kubernetes-models.
const PACKAGE_OF_GROUP = {
  "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
  "keda.sh": "@kubernetes-models/keda",
  "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg",
};

/** The module path of the model for apiVersion and kind, e.g. kubernetes-models/apps/v1/Deployment. */
function modelPath(apiVersion, kind) {
  const slash = apiVersion.indexOf("/");
  if (slash < 0) {
    return `kubernetes-models/${apiVersion}/${kind}`;
  }
  const group = apiVersion.slice(0, slash);
  return `${PACKAGE_OF_GROUP[group] ?? "kubernetes-models"}/${apiVersion}/${kind}`;
}

function readObjects(sources) {
  const objects = [];
  for (const { name, text } of sources) {
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) {
        throw new InputError(`${name}: not YAML: ${doc.errors[0].message}`);
      }
      const value = doc.toJS();
      if (value === null || value === undefined) {
        continue;
      }
      if (typeof value !== "object" || Array.isArray(value)) {
        throw new InputError(`${name}: a document is not an object`);
      }
      objects.push(value);
    }
  }
  return objects;
}

class InputError extends Error {}

function label(object) {
  return `${object.kind ?? "?"}/${object.metadata?.name ?? "?"}`;
}

/** Step 1: the package's JSON Schema validator; returns the models that exist, keyed by object index. */
async function validateAgainstJsonSchemas(objects, problems) {
  const models = new Map();
  for (const [index, object] of objects.entries()) {
    if (typeof object.apiVersion !== "string" || typeof object.kind !== "string") {
      problems.push(`${label(object)}: no apiVersion or kind`);
      continue;
    }
    const path = modelPath(object.apiVersion, object.kind);
    let module;
    try {
      module = await import(path);
    } catch {
      problems.push(`${label(object)}: no schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    const Model = module[object.kind];
    if (typeof Model !== "function") {
      problems.push(`${label(object)}: no schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    models.set(index, path);
    try {
      new Model(structuredClone(object)).validate();
    } catch (error) {
      for (const detail of error.errors ?? [{ instancePath: "", message: error.message }]) {
        problems.push(`${label(object)}: ${detail.instancePath || "/"} ${detail.message}`);
      }
    }
  }
  return models;
}

/** Step 2: each object as a typed literal; excess-property errors name the unknown field and its enclosing type. */
function validateUnknownFields(objects, models, problems) {
  if (models.size === 0) {
    return;
  }
  const lines = [];
  const lineOfObject = new Map();
  let n = 0;
  for (const [index, path] of models) {
    const kind = objects[index].kind;
    lines.push(`import type { I${kind} as T${n} } from "${path}";`);
    n++;
  }
  n = 0;
  for (const [index] of models) {
    lineOfObject.set(lines.length, index);
    lines.push(`export const o${n}: T${n} = ${JSON.stringify(objects[index])};`);
    n++;
  }
  // The program must sit beside node_modules for the imports to resolve.
  const work = mkdtempSync(join(here, ".check-"));
  try {
    const file = join(work, "objects.ts");
    writeFileSync(file, lines.join("\n") + "\n");
    const program = ts.createProgram([file], {
      noEmit: true,
      strict: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
    });
    for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
      if (diagnostic.file === undefined || !diagnostic.file.fileName.endsWith("objects.ts")) {
        problems.push(`validator: ${message}`);
        continue;
      }
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const index = lineOfObject.get(line);
      const where = jsonPointerAt(diagnostic.file, diagnostic.start ?? 0);
      problems.push(`${index === undefined ? "validator" : label(objects[index])}: ${where} ${shorten(message)}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The JSON pointer (/spec/containers/0/image) of the literal property at a position of the compiled program. */
function jsonPointerAt(sourceFile, position) {
  let node = sourceFile;
  for (;;) {
    const child = node.getChildren(sourceFile).find((c) => c.getStart(sourceFile) <= position && position < c.getEnd());
    if (child === undefined) {
      break;
    }
    node = child;
  }
  const segments = [];
  for (let current = node; current !== undefined && !ts.isVariableDeclaration(current); current = current.parent) {
    if (ts.isPropertyAssignment(current)) {
      segments.unshift(current.name.text.replaceAll("~", "~0").replaceAll("/", "~1"));
    }
    if (current.parent !== undefined && ts.isArrayLiteralExpression(current.parent)) {
      segments.unshift(String(current.parent.elements.indexOf(current)));
    }
  }
  return "/" + segments.join("/");
}

/** TypeScript spells out the whole enclosing type; the field name and the type's name are what a reader needs. */
function shorten(message) {
  const unknown = /may only specify known properties, and '"?([^'"]+)"?' does not exist in type '([^']*)'/.exec(message);
  if (unknown === null) {
    return message;
  }
  return unknown[2].startsWith("{") ? "is not a declared field" : `is not a declared field of ${unknown[2]}`;
}

async function main(args) {
  const sources = args.length === 0
    ? [{ name: "stdin", text: readFileSync(0, "utf8") }]
    : args.map((file) => ({ name: file, text: readFileSync(file, "utf8") }));
  const objects = readObjects(sources);
  if (objects.length === 0) {
    throw new InputError("no objects to validate");
  }
  const problems = [];
  const models = await validateAgainstJsonSchemas(objects, problems);
  validateUnknownFields(objects, models, problems);
  for (const problem of problems) {
    console.log(problem);
  }
  const kinds = [...new Set(objects.map((o) => `${o.apiVersion} ${o.kind}`))].sort();
  console.log(`${objects.length} objects of ${kinds.length} kinds, ${problems.length} problems`);
  return problems.length === 0 ? 0 : 1;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof InputError ? error.message : error.stack);
  process.exitCode = 2;
}
