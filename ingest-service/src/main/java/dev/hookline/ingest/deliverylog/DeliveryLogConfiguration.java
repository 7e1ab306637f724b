package dev.hookline.ingest.deliverylog;

import java.time.Clock;

import dev.hookline.ingest.IngestProperties;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.QuarantineWriter;
import dev.hookline.schemas.Topics;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the delivery log and its reader, which starts with the service and does not delay
 * it: until it has caught up, the log answers from what it has read.
 */
@Configuration(proxyBeanMethods = false)
class DeliveryLogConfiguration {

	@Bean
	DeliveryLog deliveryLog(IngestProperties properties) {
		return new DeliveryLog(properties.deliveryLog());
	}

	/** Depends on {@link Topics}, so it starts once the topics exist. */
	@Bean(initMethod = "start", destroyMethod = "close")
	DeliveryLogReader deliveryLogReader(DeliveryLog deliveryLog, Topics topics, KafkaSettings settings,
			IngestProperties properties, QuarantineWriter quarantine) {
		return new DeliveryLogReader(deliveryLog, topics, settings, properties.deliveryLog().retention(),
				Clock.systemUTC(), quarantine);
	}

}
