package dev.hookline.ingest.deliverylog;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.jspecify.annotations.Nullable;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of the history's RocksDB stores, as Kafka Streams' memory
 * management guide describes: every store of the process shares one block cache (index
 * and filter blocks included) and one write-buffer budget charged to it. Without it each
 * segment of each store of each partition gets its own cache and memtables: four stores,
 * up to three segments, twelve partitions would be 144 RocksDB instances with 50 MB of
 * cache and up to 48 MB of memtables each.
 *
 * <p>
 * Kafka Streams makes this class from its name (it is a {@link RocksDBConfigSetter}); the
 * sizes come from {@link #BLOCK_CACHE_BYTES} and {@link #WRITE_BUFFER_BYTES} in the
 * Streams configuration. The cache lives as long as the process: the first store sizes
 * it, as every instance of one process is configured alike.
 */
public final class HistoryRocksDb implements RocksDBConfigSetter {

	static final String BLOCK_CACHE_BYTES = "hookline.history.block-cache-bytes";

	static final String WRITE_BUFFER_BYTES = "hookline.history.write-buffer-bytes";

	private static final long MEMTABLE_BYTES = 4L * 1024 * 1024;

	private static @Nullable Cache cache;

	private static @Nullable WriteBufferManager writeBuffers;

	@Override
	public void setConfig(String storeName, Options options, Map<String, Object> configs) {
		BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
		table.setBlockCache(cache(configs));
		table.setCacheIndexAndFilterBlocks(true);
		table.setCacheIndexAndFilterBlocksWithHighPriority(true);
		table.setPinTopLevelIndexAndFilter(true);
		options.setTableFormatConfig(table);
		options.setWriteBufferManager(writeBuffers);
		options.setWriteBufferSize(MEMTABLE_BYTES);
		options.setMaxWriteBufferNumber(2);
	}

	private static synchronized Cache cache(Map<String, Object> configs) {
		if (cache == null) {
			long cacheBytes = Long.parseLong(String.valueOf(configs.get(BLOCK_CACHE_BYTES)));
			long bufferBytes = Long.parseLong(String.valueOf(configs.get(WRITE_BUFFER_BYTES)));
			// a tenth of the cache kept for index and filter blocks, which every read
			// needs
			cache = new LRUCache(cacheBytes + bufferBytes, -1, false, 0.1);
			writeBuffers = new WriteBufferManager(bufferBytes, cache);
		}
		return cache;
	}

	@Override
	public void close(String storeName, Options options) {
		// the cache and the write-buffer manager are shared by every store: kept
	}

}
