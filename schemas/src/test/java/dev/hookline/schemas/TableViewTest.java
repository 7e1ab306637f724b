package dev.hookline.schemas;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

@EmbeddedKafka(partitions = 3, topics = "views.subscriptions")
class TableViewTest {

	private final Topic<String, Subscription> topic = new Topics("views.").subscriptions();

	private KafkaProducer<byte[], byte[]> producer;

	private TableView<String, Subscription> view;

	@BeforeEach
	void start() {
		EmbeddedKafkaBroker broker = EmbeddedKafkaCondition.getBroker();
		this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.getBrokersAsString()),
				new ByteArraySerializer(), new ByteArraySerializer());
		this.view = new TableView<>(this.topic, broker.getBrokersAsString(), Map.of());
	}

	@AfterEach
	void stop() {
		this.view.close();
		this.producer.close();
	}

	@Test
	void aReadBarrierSeesEveryRecordWrittenBeforeIt() throws Exception {
		this.view.start().get(30, TimeUnit.SECONDS);
		for (int i = 0; i < 20; i++) {
			write("sub_" + i, subscription("sub_" + i, "https://example.com/" + i));
		}

		this.view.sync().get(30, TimeUnit.SECONDS);

		assertThat(this.view.values()).hasSizeGreaterThanOrEqualTo(20);
		assertThat(this.view.get("sub_7")).map(Subscription::getUrl).contains("https://example.com/7");
	}

	@Test
	void awaitingTheOffsetOfAWriteMakesThatWriteVisible() throws Exception {
		this.view.start().get(30, TimeUnit.SECONDS);

		RecordMetadata written = write("sub_own", subscription("sub_own", "https://own.example"));
		this.view.awaitOffset(written.partition(), written.offset()).get(30, TimeUnit.SECONDS);

		assertThat(this.view.get("sub_own")).map(Subscription::getUrl).contains("https://own.example");
	}

	@Test
	void aTombstoneRemovesTheKeyAndAnUnreadableRecordIsSkipped() throws Exception {
		write("sub_gone", subscription("sub_gone", "https://gone.example"));
		this.view.start().get(30, TimeUnit.SECONDS);
		assertThat(this.view.get("sub_gone")).isPresent();

		this.producer.send(new ProducerRecord<>(this.topic.name(), "sub_bad".getBytes(), "not avro".getBytes()));
		write("sub_gone", null);
		this.view.sync().get(30, TimeUnit.SECONDS);

		assertThat(this.view.get("sub_gone")).isEmpty();
		assertThat(this.view.get("sub_bad")).isEmpty();
	}

	@Test
	void manyConcurrentBarriersAllComplete() throws Exception {
		this.view.start().get(30, TimeUnit.SECONDS);
		List<CompletableFuture<Void>> barriers = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			if (i % 20 == 0) {
				write("sub_c" + i, subscription("sub_c" + i, "https://c.example/" + i));
			}
			barriers.add(this.view.sync());
		}

		CompletableFuture.allOf(barriers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

		assertThat(this.view.get("sub_c180")).isPresent();
	}

	@Test
	void aBarrierAfterCloseFailsInsteadOfWaitingForever() throws Exception {
		this.view.start().get(30, TimeUnit.SECONDS);
		this.view.close();

		assertThat(this.view.sync()).failsWithin(Duration.ofSeconds(5));
	}

	private RecordMetadata write(String key, Subscription value) throws Exception {
		byte[] bytes = (value != null) ? this.topic.valueSerde().serializer().serialize(this.topic.name(), value)
				: null;
		return this.producer.send(new ProducerRecord<>(this.topic.name(), key.getBytes(), bytes))
			.get(10, TimeUnit.SECONDS);
	}

	private static Subscription subscription(String id, String url) {
		return Subscription.newBuilder()
			.setId(id)
			.setTenant("acme")
			.setUrl(url)
			.setSecret(java.nio.ByteBuffer.wrap(new byte[] { 1, 2, 3 }))
			.setEventTypes(List.of("*"))
			.setVersion(1)
			.setCreatedAt(Instant.EPOCH)
			.setUpdatedAt(Instant.EPOCH)
			.build();
	}

}
