/** Dash's producer library: append validated records to a pipeline, in Node or in a browser. */
export { createProducer, type ProducerOptions } from './createProducer.ts';
export { createHttpProducer, type HttpProducerOptions } from './httpProducer.ts';
export { createProducerCore, SendManyError, type PreparedRecord, type Producer, type ProducerStats, type RecordWriter } from './producer.ts';
export { ProducerError, type ProducerErrorCode } from './errors.ts';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff.ts';
export { chunk, createBatcher, MAX_BATCH_WRITES, type Batcher } from './batching.ts';
export { createRateLimiter, type RateLimiter } from './rateLimit.ts';
export { csvParser, ndjsonParser, InputFormatError, type LineParser, type ParsedLine } from './parseRecords.ts';
export { MAX_RECORD_BYTES, RecordValidationError, validateRecord } from './validateRecord.ts';
export { RECORD_LIMITS, type RecordData, type RecordValue } from '../../contract/index.ts';
