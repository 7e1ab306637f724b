package dev.hookline.bench.chaos;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short chaos run ({@link ChaosPlan#quick()}): three worker processes and the router
 * killed ({@code SIGKILL}) while events come in over the API and a receiver fails, hangs
 * or resets a share of first requests. Asserts correctness only, never timing: every pair
 * ends, none is lost or dead-lettered, none is in the dead-letter topic twice, every
 * duplicate is explained by a worker's death, and no endpoint gets more than its cap or
 * its rate limit.
 */
class QuickChaosTest {

	@Test
	void workersAndTheRouterKilledUnderFlakyEndpointsLoseNothingAndKeepEveryLimit() throws Exception {
		ChaosLedger ledger = new ChaosRun(ChaosPlan.quick(), System.out).run();

		System.out.print(ledger.table());
		assertThat(ledger.violations()).isEmpty();
	}

}
