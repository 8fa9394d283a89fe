import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { metricNames } from "./metrics.ts";
import { metricNamesIn } from "./promql-names.ts";

/**
 * The SLO alert rules (prometheus/slo-rules.yml) and the Grafana dashboard (grafana/casemix-mesh.json)
 * against Prometheus's own checker, promtool (Debian's `prometheus` package, scripts/install-tools.sh),
 * and against the metrics the code registers: a renamed metric fails here, not on a silent dashboard.
 */
const dir = new URL("..", import.meta.url).pathname;
const rulesFile = join(dir, "prometheus", "slo-rules.yml");
const dashboard = JSON.parse(readFileSync(join(dir, "grafana", "casemix-mesh.json"), "utf8")) as { panels: { title: string; targets: { expr: string }[] }[] };
const promtool = (...args: string[]) => execFileSync("promtool", args, { cwd: join(dir, "prometheus"), encoding: "utf8", stdio: "pipe" });

/** Every `expr:` of the rules file (block scalars included), as written. */
function ruleExpressions(): string[] {
  const text = readFileSync(rulesFile, "utf8");
  const out: string[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(?:- )?expr:\s*(.*)$/.exec(lines[i]!);
    if (!m) continue;
    if (m[2] !== "|") {
      out.push(m[2]!);
      continue;
    }
    const body: string[] = [];
    while (i + 1 < lines.length && (lines[i + 1]!.trim() === "" || lines[i + 1]!.search(/\S/) > m[1]!.length + 2)) body.push(lines[++i]!);
    out.push(body.join("\n"));
  }
  return out;
}

describe("the SLO rules and the dashboard", () => {
  it("promtool accepts the rules file", () => {
    expect(promtool("check", "rules", "slo-rules.yml")).toMatch(/SUCCESS: 7 rules found/);
  });

  it("promtool's unit tests of every alert pass (slo-rules.test.yml)", () => {
    expect(promtool("test", "rules", "slo-rules.test.yml")).toMatch(/SUCCESS/);
  });

  it("Alertmanager takes its config and routes pages to on-call, the rest to tickets (amtool)", () => {
    const amtool = (...args: string[]) => execFileSync("amtool", args, { cwd: join(dir, "prometheus"), encoding: "utf8", stdio: "pipe" });
    expect(amtool("check-config", "alertmanager.yml")).toMatch(/SUCCESS/);
    expect(amtool("config", "routes", "test", "--config.file=alertmanager.yml", "severity=page", "alertname=CasemixDeadLettersPresent").trim()).toBe("on-call");
    expect(amtool("config", "routes", "test", "--config.file=alertmanager.yml", "severity=ticket", "alertname=CasemixConsumerLagGrowing").trim()).toBe("tickets");
  });

  it("every metric the rules and the dashboard read is one the code registers", async () => {
    const registered = new Set(await metricNames());
    const exprs = [...ruleExpressions(), ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr))];
    expect(exprs.length).toBeGreaterThan(20);
    const unknown = [...new Set(exprs.flatMap(metricNamesIn))].filter((n) => !registered.has(n));
    expect(unknown).toEqual([]);
  });

  it("every dashboard query is valid PromQL (checked by promtool as a recording rule)", () => {
    const tmp = mkdtempSync(join(tmpdir(), "casemix-dashboard-"));
    const rules = dashboard.panels.flatMap((p, i) => p.targets.map((t, j) => `      - record: dashboard:panel${i}_${j}\n        expr: ${JSON.stringify(t.expr)}`));
    writeFileSync(join(tmp, "dashboard.yml"), `groups:\n  - name: dashboard\n    rules:\n${rules.join("\n")}\n`);
    expect(promtool("check", "rules", join(tmp, "dashboard.yml"))).toMatch(new RegExp(`SUCCESS: ${rules.length} rules found`));
  });

  it("the name scanner finds metrics and skips functions, labels and strings", () => {
    expect(metricNamesIn('histogram_quantile(0.95, sum by (le, route) (rate(casemix_http_request_duration_seconds_bucket{method="GET", route!~"/a|b"}[5m]))) > 0.3')).toEqual(["casemix_http_request_duration_seconds"]);
    expect(metricNamesIn("max(casemix_batches) and on() (sum(increase(casemix_claims_handled_total[15m])) or vector(0)) == 0").sort()).toEqual(["casemix_batches", "casemix_claims_handled_total"]);
    expect(metricNamesIn("sum(nope_total)")).toEqual(["nope_total"]);
  });
});
