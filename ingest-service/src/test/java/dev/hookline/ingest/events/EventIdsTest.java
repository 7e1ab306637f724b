package dev.hookline.ingest.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdsTest {

	@Test
	void derivedIdsDependOnTenantKeyAndPosition() {
		String id = EventIds.derived("acme", "req-1", 0);
		assertThat(id).matches("evt_[0-9a-f]{32}");
		assertThat(EventIds.derived("acme", "req-1", 0)).isEqualTo(id);
		assertThat(EventIds.derived("acme", "req-1", 1)).isNotEqualTo(id);
		assertThat(EventIds.derived("acme", "req-2", 0)).isNotEqualTo(id);
		assertThat(EventIds.derived("globex", "req-1", 0)).isNotEqualTo(id);
		assertThat(EventIds.derived("acm", "ereq-1", 0)).isNotEqualTo(id);
	}

	@Test
	void randomIdsHaveTheSameShapeAndDiffer() {
		assertThat(EventIds.random()).matches("evt_[0-9a-f]{32}").isNotEqualTo(EventIds.random());
	}

}
