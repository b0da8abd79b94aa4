import { nodeFileSystem, type DiskFileSystem, type EntryKind as DiskEntryKind } from '@addrnn/model/internal';

/**
 * The file-system operations checkpoints use (the model's on-disk interface): every mutation
 * goes through here, in the order the durability argument needs, so that a test can record that
 * order or make one call fail as a crash would (`TrainOptions.fileSystem`).
 */
export type CheckpointFileSystem = DiskFileSystem;

/** What `lstat` tells the checkpoint code about a path. */
export type EntryKind = DiskEntryKind;

/** The real file system (node:fs), loaded on first use. */
export function defaultFileSystem(): Promise<CheckpointFileSystem> {
  return nodeFileSystem();
}
