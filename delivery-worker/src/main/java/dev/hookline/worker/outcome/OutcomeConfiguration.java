package dev.hookline.worker.outcome;

import java.time.Clock;
import java.util.Map;

import dev.hookline.schemas.Attempt;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The attempts producer ({@code acks=all}, idempotent) and the next-step component.
 */
@Configuration(proxyBeanMethods = false)
class OutcomeConfiguration {

	@Bean
	ProducerFactory<String, Attempt> attemptProducerFactory(KafkaSettings kafka, Topics topics,
			MeterRegistry registry) {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
				ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.CLIENT_ID_CONFIG, "hookline-worker-attempts");
		DefaultKafkaProducerFactory<String, Attempt> factory = new DefaultKafkaProducerFactory<>(config,
				new StringSerializer(), topics.attempts().valueSerde().serializer());
		factory.addListener(new MicrometerProducerListener<>(registry));
		return factory;
	}

	@Bean
	KafkaTemplate<String, Attempt> attemptTemplate(ProducerFactory<String, Attempt> factory, Topics topics) {
		KafkaTemplate<String, Attempt> template = new KafkaTemplate<>(factory);
		// Sends happen on HTTP event loops: fetch the topic's metadata now, so that no
		// send
		// ever blocks waiting for it.
		template.partitionsFor(topics.attempts().name());
		return template;
	}

	@Bean
	NextStep nextStep(KafkaTemplate<String, Attempt> template, Topics topics, MeterRegistry registry) {
		return new NextStep(new AttemptLog(template, topics.attempts()), new DeliveryCounters(registry),
				Clock.systemUTC());
	}

}
