package dev.hookline.schemas;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryIdsTest {

	@Test
	void theSamePairAlwaysGetsTheSameId() {
		assertThat(DeliveryIds.of("evt_1", "sub_1")).isEqualTo(DeliveryIds.of("evt_1", "sub_1"))
			.matches("msg_[0-9a-f]{32}");
	}

	@Test
	void differentPairsGetDifferentIdsEvenWhenTheirConcatenationsMatch() {
		assertThat(DeliveryIds.of("a1", "b")).isNotEqualTo(DeliveryIds.of("a", "1b"));
		assertThat(DeliveryIds.of("evt_1", "sub_1")).isNotEqualTo(DeliveryIds.of("evt_1", "sub_2"));
	}

}
