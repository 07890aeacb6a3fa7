import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { DubanConfig } from '#common';
import { SessionTokens } from './session-tokens.js';

/** Session tokens (bearer and the UI's cookie), shared by the API v1 and the UI. */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [DubanConfig],
      useFactory: (config: DubanConfig) => ({ secret: config.jwtSecret, signOptions: { expiresIn: config.sessionTtlSeconds } }),
    }),
  ],
  providers: [SessionTokens],
  exports: [SessionTokens],
})
export class AuthModule {}
