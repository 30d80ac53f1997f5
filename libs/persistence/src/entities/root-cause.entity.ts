import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The taxonomy of root causes quality leads tag reviews with (DESIGN §6); admins extend it. */
@Entity({ name: 'root_causes' })
export class RootCauseEntity {
  /** Stable key stored in reviews.root_causes. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ name: 'name_nb', type: 'varchar', length: 120 })
  nameNb!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 120 })
  nameEn!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'sort_order', type: 'integer', default: 0 })
  sortOrder!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
