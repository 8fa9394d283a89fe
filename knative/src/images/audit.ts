import { execFile } from "node:child_process";
import { promisify } from "node:util";

/**
 * Licenses an image may ship third-party npm code under: permissive ones, which let the ministry
 * distribute the images without publishing its own code. Anything else fails the audit until someone
 * decides about it (and adds it here, saying why).
 */
export const ALLOWED_LICENSES = ["MIT", "ISC", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "0BSD", "Unlicense", "CC0-1.0", "BlueOak-1.0.0", "Python-2.0"];

/**
 * Packages that declare no license in package.json, whose license a person read from the files they
 * ship: name@version -> SPDX id. A new version is not covered: it is read again.
 */
export const REVIEWED_LICENSES: Record<string, string> = {
  // pdfkit's PNG decoder: package.json has no `license`; its LICENSE file is the MIT License text.
  "png-js@2.0.0": "MIT",
};

type Component = { name: string; group?: string; version?: string; licenses?: { expression?: string }[]; properties?: { name: string; value: string }[] };
type Sbom = { components?: Component[] };

const inclusion = (c: Component) => c.properties?.find((p) => p.name === "casemix:inclusion")?.value;
const fullName = (c: Component) => (c.group ? `${c.group}/${c.name}` : c.name);

/**
 * True when an SPDX expression is satisfiable with allowed licenses: one alternative of an OR whose
 * every AND term is allowed (`(MIT OR GPL-3.0)` passes, `MIT AND GPL-3.0` does not).
 */
export function licenseAllowed(expression: string, allowed: readonly string[] = ALLOWED_LICENSES): boolean {
  const plain = expression.replace(/[()]/g, " ").trim();
  return plain.split(/\s+OR\s+/).some((alt) => alt.split(/\s+AND\s+/).every((id) => allowed.includes(id.trim())));
}

/**
 * The license findings of one image's SBOM: every third-party npm package in it (copied or inlined)
 * must declare a license (or have one in REVIEWED_LICENSES), and an allowed one. Our own workspace packages (@casemix) and the base
 * layer (Node, MIT; glibc and the GCC runtime from Debian, under the LGPL and GCC's runtime exception)
 * are not third-party npm code and are not checked here.
 */
export function licenseFindings(sbomJson: string): string[] {
  const findings: string[] = [];
  for (const c of (JSON.parse(sbomJson) as Sbom).components ?? []) {
    const where = inclusion(c);
    if ((where !== "node_modules" && where !== "bundled") || c.group === "@casemix") continue;
    const declared = (c.licenses ?? []).map((l) => l.expression).filter((e): e is string => Boolean(e));
    const reviewed = REVIEWED_LICENSES[`${fullName(c)}@${c.version}`];
    const expressions = declared.length === 0 && reviewed ? [reviewed] : declared;
    if (expressions.length === 0) findings.push(`${fullName(c)}@${c.version}: no license declared`);
    else if (!expressions.every((e) => licenseAllowed(e))) findings.push(`${fullName(c)}@${c.version}: ${expressions.join(", ")} is not an allowed license`);
  }
  return findings;
}

/** The npm packages (name@version) an SBOM lists as third-party code in the image. */
export function thirdPartyPackages(sbomJson: string): Set<string> {
  const names = new Set<string>();
  for (const c of (JSON.parse(sbomJson) as Sbom).components ?? []) {
    const where = inclusion(c);
    if ((where === "node_modules" || where === "bundled") && c.group !== "@casemix") names.add(fullName(c));
  }
  return names;
}

export type AdvisoryAudit =
  | { reachable: true; findings: string[] }
  | { reachable: false; reason: string };

/**
 * `npm audit` of the production dependencies, kept to the packages in the images, failing on high and
 * critical advisories. Where the registry's advisory endpoint does not answer (on these machines it
 * refuses the bulk POST with 405), says so instead: that part of the audit did not happen.
 */
export async function advisoryAudit(root: string, inImages: ReadonlySet<string>): Promise<AdvisoryAudit> {
  const out = await promisify(execFile)("npm", ["audit", "--omit=dev", "--json"], { cwd: root, maxBuffer: 1 << 26 }).then(
    (r) => r.stdout,
    (e: { stdout?: string }) => e.stdout ?? "",
  );
  let report: { vulnerabilities?: Record<string, { severity: string; via: unknown[] }>; message?: string; error?: { summary?: string } };
  try {
    report = JSON.parse(out) as typeof report;
  } catch {
    return { reachable: false, reason: `npm audit printed no report: ${out.slice(0, 200)}` };
  }
  if (!report.vulnerabilities) return { reachable: false, reason: report.message ?? report.error?.summary ?? "npm audit gave no vulnerability report" };
  const findings = Object.entries(report.vulnerabilities)
    .filter(([name, v]) => inImages.has(name) && (v.severity === "high" || v.severity === "critical"))
    .map(([name, v]) => `${name}: ${v.severity}`);
  return { reachable: true, findings };
}
