import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A scored-evaluation form (decision 0040); its criteria live in its versions, never here. */
@Entity({ name: 'evaluation_forms' })
export class EvaluationFormEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stable key the console and seed name the form by; never changes. */
  @Column({ type: 'varchar', length: 64, unique: true })
  key!: string;

  @Column({ name: 'name_nb', type: 'varchar', length: 120 })
  nameNb!: string;

  @Column({ name: 'name_en', type: 'varchar', length: 120 })
  nameEn!: string;

  /** Only active forms are offered for scoring; a retired form keeps its versions and evaluations. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
