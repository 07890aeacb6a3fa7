import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RulesProvider } from '#kernel';
import { Proposers, Sessions, Units, Users } from './directory.js';

/** The directory (名录): sessions, units, proposers and users. */
@Module({
  providers: [
    { provide: Sessions, inject: [DataSource, RulesProvider], useFactory: (ds: DataSource, rules: RulesProvider) => new Sessions(ds, rules) },
    { provide: Units, inject: [DataSource], useFactory: (ds: DataSource) => new Units(ds) },
    { provide: Proposers, inject: [DataSource], useFactory: (ds: DataSource) => new Proposers(ds) },
    { provide: Users, inject: [DataSource], useFactory: (ds: DataSource) => new Users(ds) },
  ],
  exports: [Sessions, Units, Proposers, Users],
})
export class DirectoryModule {}
