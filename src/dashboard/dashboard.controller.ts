import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { AuthedRequest } from '../auth/auth.guard';
import { Public, READERS, Roles } from '../auth/roles';
import { ASSETS } from './assets';
import {
  applySecurityHeaders,
  clearedSessionCookie,
  DashboardErrorFilter,
  DashboardHeadersInterceptor,
  SameOriginGuard,
  sendHtml,
  sessionCookie,
  sessionToken,
} from './dashboard.http';
import { DashboardService, HOME, safeNext } from './dashboard.service';
import { controlView } from './views/control.view';
import { controlsView } from './views/controls.view';
import { evidenceView } from './views/evidence.view';
import { loginView } from './views/login.view';

/** Framework and period of every page (defaults: SOC 2, the current quarter); `control` only for breadcrumbs. */
export class DashboardQueryDto {
  @IsOptional() @IsString() @MaxLength(100) framework?: string;
  @IsOptional() @IsString() @MaxLength(40) from?: string;
  @IsOptional() @IsString() @MaxLength(40) to?: string;
  @IsOptional() @IsString() @MaxLength(100) control?: string;
}

export class LoginQueryDto {
  @IsOptional() @IsString() @MaxLength(2000) next?: string;
}

/** The sign-in form (application/x-www-form-urlencoded). */
export class LoginFormDto {
  @IsOptional() @IsString() @MaxLength(1000) token?: string;
  @IsOptional() @IsString() @MaxLength(2000) next?: string;
}

/** The control-gap dashboard: server-rendered pages outside /api/v1, signed in with an API token held in a session cookie. */
@ApiExcludeController()
@Controller()
@UseFilters(DashboardErrorFilter)
@UseInterceptors(DashboardHeadersInterceptor)
export class DashboardController {
  constructor(@Inject(DashboardService) private readonly dashboard: DashboardService) {}

  @Get()
  @Roles(...READERS)
  home(@Res() res: Response): void {
    res.redirect(303, HOME);
  }

  @Get('login')
  @Public()
  async loginForm(@Req() req: Request, @Query() { next }: LoginQueryDto, @Res() res: Response): Promise<void> {
    const token = sessionToken(req);
    if (token && (await this.dashboard.signIn(token)).ok) return res.redirect(303, safeNext(next));
    sendHtml(res, 200, loginView({ error: null, next: safeNext(next) }));
  }

  @Post('login')
  @Public()
  @UseGuards(SameOriginGuard)
  async login(@Req() req: Request, @Body() form: LoginFormDto, @Res() res: Response): Promise<void> {
    const next = safeNext(form.next);
    const token = form.token?.trim() ?? '';
    const result = await this.dashboard.signIn(token);
    if (!result.ok) return sendHtml(res, 401, loginView({ error: result.message, next }));
    res.setHeader('Set-Cookie', sessionCookie(token, req.secure));
    res.redirect(303, next);
  }

  @Post('logout')
  @Public()
  @UseGuards(SameOriginGuard)
  logout(@Req() req: Request, @Res() res: Response): void {
    res.setHeader('Set-Cookie', clearedSessionCookie(req.secure));
    res.redirect(303, '/login');
  }

  @Get('controls')
  @Roles(...READERS)
  async controls(@Req() req: AuthedRequest, @Query() query: DashboardQueryDto, @Res() res: Response): Promise<void> {
    sendHtml(res, 200, controlsView(await this.dashboard.controlsPage(req.principal!, query)));
  }

  @Get('controls/:controlId')
  @Roles(...READERS)
  async control(@Req() req: AuthedRequest, @Param('controlId') controlId: string, @Query() query: DashboardQueryDto, @Res() res: Response): Promise<void> {
    sendHtml(res, 200, controlView(await this.dashboard.controlPage(req.principal!, controlId, query)));
  }

  @Get('evidence/:seq')
  @Roles(...READERS)
  async evidence(@Req() req: AuthedRequest, @Param('seq') seq: string, @Query() query: DashboardQueryDto, @Res() res: Response): Promise<void> {
    sendHtml(res, 200, evidenceView(await this.dashboard.evidencePage(req.principal!, seq, query)));
  }

  @Get('assets/dashboard.css')
  @Public()
  css(@Res() res: Response): void {
    sendAsset(res, ASSETS.css);
  }

  @Get('assets/dashboard.js')
  @Public()
  js(@Res() res: Response): void {
    sendAsset(res, ASSETS.js);
  }
}

/** The URLs carry a content hash, so a cached copy never goes stale. */
function sendAsset(res: Response, asset: { type: string; body: Buffer; etag: string }): void {
  applySecurityHeaders(res, 'public, max-age=31536000, immutable');
  res.status(200).setHeader('Content-Type', asset.type);
  res.setHeader('ETag', asset.etag);
  res.end(asset.body);
}
