import { readFileSync } from "node:fs";

/**
 * What `dev.weft.it.ui.UiJourneysIT` seeded through the real clients (ids and the exact texts the
 * pages must show), read from the JSON file named by WEFT_E2E_FIXTURE.
 */
export interface Fixture {
  url: string;
  project: string;
  key: string;
  wrongKey: { key: string; message: string };
  traces: {
    agent: {
      traceId: string;
      name: string;
      rootSpanId: string;
      chatSpanName: string;
      chatSpanId: string;
      toolSpanName: string;
      toolSpanId: string;
      retrieverSpanName: string;
      spanNames: string[];
      systemText: string;
      userText: string;
      assistantText: string;
      toolName: string;
      toolArgument: string;
      customAttribute: string;
      customValue: string;
    };
    error: {
      traceId: string;
      name: string;
      spanName: string;
      spanId: string;
      exceptionType: string;
      exceptionMessage: string;
      stackFrame: string;
    };
    session: { id: string; traceNames: string[]; traceIds: string[] };
    byModel: { model: string; names: string[]; otherNames: string[] };
    search: { q: string; name: string };
    unknownTraceId: string;
    /** names of the traces seeded over OTLP, oldest first */
    seededInStartOrder: string[];
  };
  runs: {
    base: SeededRun;
    candidate: SeededRun;
    metric: string;
    differingKey: string;
    sameKey: string;
  };
  dataset: {
    name: string;
    fromVersion: number;
    toVersion: number;
    changedRowId: string;
    changedOld: string;
    changedNew: string;
    addedRowId: string;
    removedRowId: string;
  };
  evaluations: {
    dataset: string;
    score: string;
    baseId: string;
    baseName: string;
    candidateId: string;
    candidateName: string;
    regressedRowId: string;
    regressedQuestion: string;
    improvedRowId: string;
    improvedQuestion: string;
    baseCorrect: number;
    candidateCorrect: number;
  };
}

export interface SeededRun {
  id: string;
  name: string;
  steps: number;
  config: Record<string, string | number>;
  /** name and number of the traces produced while the run was current */
  traceName: string;
  traceCount: number;
}

let cached: Fixture | undefined;

export function fixture(): Fixture {
  if (cached) return cached;
  const path = process.env.WEFT_E2E_FIXTURE;
  if (!path) {
    throw new Error(
      "WEFT_E2E_FIXTURE is not set. The journeys run against a seeded server: run them with " +
        "`mvn -B verify -pl integration-tests -am -Dit.test=UiJourneysIT` (see ui/e2e/README.md).",
    );
  }
  cached = JSON.parse(readFileSync(path, "utf8")) as Fixture;
  return cached;
}
