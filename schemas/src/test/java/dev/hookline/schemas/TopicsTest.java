package dev.hookline.schemas;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {

	private final Topics topics = new Topics("hl.");

	@Test
	void theRetryTiersFollowTheScheduleInOrder() {
		assertThat(this.topics.retryTiers()).extracting(RetryTier::name)
			.containsExactly("1m", "5m", "30m", "2h", "12h");
		assertThat(this.topics.retryTiers()).extracting(RetryTier::defaultDelay)
			.containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
					Duration.ofHours(12));
		assertThat(this.topics.retryTiers().get(0).topic().name()).isEqualTo("hl.deliveries.retry.1m");
	}

	@Test
	void theDeadLetterTopicHasAtLeastAsManyPartitionsAsEverySourceAndTheReplayLogIsCompacted() {
		Map<String, NewTopic> byName = this.topics.definitions(6, (short) 1)
			.stream()
			.collect(Collectors.toMap(NewTopic::name, t -> t));

		int dlq = byName.get("hl.deliveries.dlq").numPartitions();
		assertThat(dlq).isGreaterThanOrEqualTo(byName.get("hl.deliveries").numPartitions());
		this.topics.retryTiers()
			.forEach(tier -> assertThat(dlq).isGreaterThanOrEqualTo(byName.get(tier.topic().name()).numPartitions()));
		assertThat(byName.get("hl.deliveries.dlq.replayed").configs()).containsEntry("cleanup.policy", "compact");
		assertThat(byName.get("hl.subscriptions").configs()).containsEntry("cleanup.policy", "compact");
		assertThat(byName.get("hl.event-types").configs()).containsEntry("cleanup.policy", "compact");
		assertThat(byName.get("hl.endpoint-health").configs()).containsEntry("cleanup.policy", "compact");
		assertThat(byName.get("hl.quarantine").configs()).containsEntry("cleanup.policy", "compact");
		assertThat(byName).hasSize(17);
		assertThat(byName.keySet().stream().filter(this.topics::compacted)).containsExactlyInAnyOrder(
				"hl.subscriptions", "hl.deliveries.dlq.replayed", "hl.event-types", "hl.endpoint-health",
				"hl.quarantine", "hl.schemas", "hl.tenants", "hl.api-keys");
		assertThat(byName.values()).allSatisfy((topic) -> assertThat(topic.configs()).containsEntry("max.message.bytes",
				String.valueOf(Topics.MAX_REQUEST_BYTES)));
	}

}
