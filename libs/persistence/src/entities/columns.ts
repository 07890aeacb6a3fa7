import { Column, CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Columns every mutable row has; the schema itself is in the migrations. */
export abstract class BaseRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** A nullable text column mapped to a camelCase property. */
export const NullableText = (name: string) => Column({ name, type: 'text', nullable: true });
export const Uuid = (name: string, nullable = false) => Column({ name, type: 'uuid', nullable });
export const Timestamp = (name: string, nullable = false) => Column({ name, type: 'timestamptz', nullable });
