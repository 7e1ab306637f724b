package dev.hookline.bench.router;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The router load benchmark routes every event of both phases through the real router,
 * with exactly the deliveries its catalogue implies, and leaves nothing behind. No figure
 * is asserted.
 */
@EmbeddedKafka(partitions = 1, brokerProperties = { "transaction.state.log.replication.factor=1",
		"transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0" })
class RouterLoadTest {

	@Test
	void everyEventIsRoutedToExactlyTheSubscriptionsItsTypeSelects(@TempDir Path stateDir) throws Exception {
		ByteArrayOutputStream progress = new ByteArrayOutputStream();
		String brokers = EmbeddedKafkaCondition.getBroker().getBrokersAsString();

		RouterLoad.Result result = new RouterLoad(brokers, stateDir, RouterLoad.Plan.small())
			.run(new PrintStream(progress, true, StandardCharsets.UTF_8));

		// 20 tenants × 3 subscriptions, and the big tenant's 50 over 5 types
		assertThat(result.subscriptions()).isEqualTo(110);
		assertThat(result.tenants()).isEqualTo(21);
		// 315 mixed events: 15 rounds of 21 tenants; the big tenant's 100 alone
		assertThat(result.events()).isEqualTo(415);
		// a normal event matches its one subscription, a big-tenant event 10 of 50
		assertThat(result.mixedDeliveries()).isEqualTo(300 * 1 + 15 * 10);
		assertThat(result.bigTenantDeliveries()).isEqualTo(100 * 10);
		assertThat(result.deliveries()).isEqualTo(1_450);
		assertThat(result.eventsPerSecond()).isPositive();
		assertThat(result.bigTenantEventsPerSecond()).isPositive();
		assertThat(result.bigTenantDeliveriesPerSecond()).isPositive();
		assertThat(result.seconds()).isPositive();
		assertThat(progress.toString(StandardCharsets.UTF_8)).contains("wrote 110 subscriptions of 21 tenants")
			.contains("produced 157 warm-up and 315 mixed events");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(topicsOf(brokers)).noneMatch((name) -> name.startsWith("rbench-")));
		assertThat(stateDir).isEmptyDirectory();
	}

	@Test
	void deliveriesOtherThanTheRulesImplyFailTheRunLoudly() throws Exception {
		String brokers = EmbeddedKafkaCondition.getBroker().getBrokersAsString();
		String topic = "router-load-count-test";
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers));
				KafkaProducer<String, String> producer = new KafkaProducer<>(
						Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers), new StringSerializer(),
						new StringSerializer())) {
			admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
			for (String key : List.of("sub_tenant-0001_0", "sub_tenant-big_7", "sub_tenant-0002_1")) {
				producer.send(new ProducerRecord<>(topic, key, "{}")).get();
			}
		}
		try (DeliveryCounter counter = new DeliveryCounter(brokers, topic, 2, Catalogue.bigSubscriptionPrefix())) {
			assertThat(counter.awaitCounts(3, 1, Duration.ofSeconds(10))).isEqualTo(new DeliveryCounter.Counts(3, 1));
			assertThatIllegalStateException().isThrownBy(() -> counter.awaitCounts(4, 1, Duration.ofMillis(500)))
				.withMessageContaining("MISMATCH the router wrote 3 deliveries (1 of the big tenant), "
						+ "the subscriptions imply 4 (1 of the big tenant)");
		}
	}

	private static Set<String> topicsOf(String brokers) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
			return admin.listTopics().names().get();
		}
	}

}
