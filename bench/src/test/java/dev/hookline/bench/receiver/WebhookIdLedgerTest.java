package dev.hookline.bench.receiver;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookIdLedgerTest {

	@Test
	void itCountsTheAttemptsOfEachId() {
		WebhookIdLedger ledger = new WebhookIdLedger();
		long a = WebhookIdLedger.key("msg_a");
		long b = WebhookIdLedger.key("msg_b");
		assertThat(ledger.arrive(a)).isZero();
		assertThat(ledger.arrive(a)).isEqualTo(1);
		assertThat(ledger.arrive(b)).isZero();
		assertThat(ledger.arrive(a)).isEqualTo(2);
	}

	@Test
	void onlyASecondSuccessOfAnIdIsReportedAsARepeat() {
		WebhookIdLedger ledger = new WebhookIdLedger();
		long id = WebhookIdLedger.key("msg_a");
		ledger.arrive(id);
		ledger.arrive(id);
		assertThat(ledger.succeed(id)).isFalse();
		assertThat(ledger.succeed(id)).isTrue();
		assertThat(ledger.arrive(id)).isEqualTo(2);
	}

	@Test
	void itRemembersAMillionIdsAcrossItsGrowth() {
		WebhookIdLedger ledger = new WebhookIdLedger();
		for (int i = 0; i < 1_000_000; i++) {
			assertThat(ledger.arrive(WebhookIdLedger.key("msg_" + i))).isZero();
		}
		long repeats = 0;
		for (int i = 0; i < 1_000_000; i++) {
			repeats += ledger.arrive(WebhookIdLedger.key("msg_" + i));
		}
		assertThat(repeats).isEqualTo(1_000_000);
	}

	@Test
	void theIdDecidesItsPlaceInTheUnitIntervalUniformly() {
		int below = 0;
		for (int i = 0; i < 100_000; i++) {
			double u = WebhookIdLedger.unitInterval(WebhookIdLedger.key("msg_" + i));
			assertThat(u).isBetween(0.0, 1.0);
			below += (u < 0.05) ? 1 : 0;
		}
		assertThat(below).isBetween(4_500, 5_500);
	}

}
