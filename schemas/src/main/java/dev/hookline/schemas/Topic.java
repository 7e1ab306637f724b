package dev.hookline.schemas;

import org.apache.kafka.common.serialization.Serde;

/**
 * A topic's name with the serdes of its keys and values, so the three always travel
 * together.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

	@Override
	public String toString() {
		return this.name;
	}

}
