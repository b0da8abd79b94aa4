import type { DiskFileSystem, EntryKind as ModelEntryKind, RegularFile } from '@addrnn/model';

/** What `lstat` tells the checkpoint code about a path (the model's on-disk module's type). */
export type EntryKind = ModelEntryKind;

/** A regular file opened for reading by `CheckpointFileSystem.openRegularFile`. */
export type CheckpointFile = RegularFile;

/**
 * The file-system operations checkpoints use: every mutation goes through here, in the order
 * the durability argument needs, so that a test can record that order or make one call fail as
 * a crash would (`TrainOptions.fileSystem`). It is the interface of the model's on-disk module
 * (`DiskFileSystem` of `@addrnn/model`), which writes and reads the checkpoints.
 */
export type CheckpointFileSystem = DiskFileSystem;
