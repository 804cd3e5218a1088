import { describe } from "vitest";
import { applyScenarios } from "./support/libvirt-apply-scenarios.js";

// The same scenarios as test/libvirt-apply.test.ts, against the real virsh on libvirt's test
// driver (state replayed on every call): real XML parsing, real output formats and exit statuses.
describe("apply.sh against the real virsh on libvirt's test driver", () => {
  applyScenarios("libvirt-test", { all: false });
});
