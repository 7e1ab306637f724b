package dev.hookline.bench.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioTest {

	@Test
	void expectedDeliveriesCountEachEventOnceForEverySubscriptionOfItsTenantInAJudgedGroup() {
		Scenario s2 = Scenarios.s2();
		// 2,500 events over 1,000 tenants: every tenant gets 2 or 3, 8 of 10
		// subscriptions are fast
		assertThat(s2.expected(0, 2_500)).containsExactly(Map.entry("/s2/fast/", 20_000L),
				Map.entry("/s2/slow/", 5_000L));
		// a window that does not start at tenant 0 counts the same way
		assertThat(s2.expected(999, 1_002)).containsExactly(Map.entry("/s2/fast/", 24L), Map.entry("/s2/slow/", 6L));
	}

	@Test
	void expectedDeliveriesOfS3CountOnlyTheHealthyEndpoints() {
		Scenario s3 = Scenarios.s3();
		assertThat(s3.groupSizes()).containsEntry("/s3/ok/", 4_250)
			.containsEntry("/s3/bad/", 500)
			.containsEntry("/s3/flaky/", 250);
		// one event per tenant: one delivery per healthy subscription
		assertThat(s3.expected(0, 1_000)).containsExactly(Map.entry("/s3/ok/", 4_250L));
	}

	@Test
	void endpointsAreSpreadOverLoopbackHostsAndNamedByTheirGroup() {
		Scenario s2 = Scenarios.s2();
		assertThat(s2.url(8089, 0, 0)).isEqualTo("http://127.0.0.1:8089/s2/slow/s2-t0/0");
		assertThat(s2.url(8089, 0, 5)).isEqualTo("http://127.0.0.6:8089/s2/fast/s2-t0/5");
		assertThat(s2.url(8089, 1, 7)).isEqualTo("http://127.0.0.2:8089/s2/fast/s2-t1/7");
		assertThat(s2.tenant(1_001)).isEqualTo("s2-t1");
		assertThat(s2.subscriptionId(1, 7)).isEqualTo("sub_s2_t1_7");
	}

	@Test
	void rssIsReadFromTheProcStatusFile(@TempDir Path dir) throws Exception {
		Path status = dir.resolve("status");
		Files.writeString(status, "Name:\tjava\nVmPeak:\t 9000000 kB\nVmRSS:\t  524288 kB\nThreads:\t40\n");
		assertThat(WorkerProcess.Rss.megabytes(status)).isEqualTo(512.0);
		assertThat(WorkerProcess.Rss.megabytes(dir.resolve("gone"))).isNull();
	}

	@Test
	void openRequestsAreThoseNeitherAnsweredResetNorHung() {
		var stats = JsonMapper.shared()
			.readTree("{\"requests\":1000,\"statuses\":{\"200\":600,\"503\":50},\"resets\":10,\"hangs\":40}");
		assertThat(InFlightProbe.open(stats)).isEqualTo(300);
	}

	@Test
	void theGoalsTableMarksEachGoalMetOrNot() {
		String table = Goal
			.table(List.of(new Goal("S1 ≥ 0.5 × R3", "0.62", true), new Goal("RSS ≤ 512 MB", "600 MB", false)));
		assertThat(table.lines()).hasSize(3);
		assertThat(table.lines().toList().get(1)).contains("S1 ≥ 0.5 × R3").contains("yes").endsWith("0.62");
		assertThat(table.lines().toList().get(2)).contains("RSS ≤ 512 MB").contains("NO").endsWith("600 MB");
	}

}
