/**
 * The persona section of the flow editor: the bot's name, avatar, tone, typing speed, emoji
 * policy and its name per language (flow.persona, see src/core/flows/flow-model.ts), checked by the
 * same validator as the rest of the flow.
 */
import { html, type TemplateResult } from 'lit';
import { t } from '../shared/i18n.ts';
import { errorBlock, numberField, localizedField, selectField, textField, type FormContext } from './form-fields.ts';

export function renderPersonaForm(ctx: FormContext): TemplateResult {
  const p = ['persona'];
  return html`<fieldset class="persona">
    <legend>${t('editorPersona')}</legend>
    ${errorBlock(ctx, p)}
    <div class="field-row">
      ${localizedField(ctx, [...p, 'name'], t('editorPersonaName'))}
      ${textField(ctx, [...p, 'avatar'], t('editorPersonaAvatar'))}
    </div>
    ${textField(ctx, [...p, 'tone'], t('editorPersonaTone'), { optional: true, placeholder: t('editorPersonaTonePlaceholder') })}
    <div class="field-row">
      ${numberField(ctx, [...p, 'typingCps'], t('editorPersonaTyping'), { optional: true })}
      ${selectField(
        ctx,
        [...p, 'emoji'],
        t('editorPersonaEmoji'),
        [
          ['none', t('editorEmojiNone')],
          ['sparing', t('editorEmojiSparing')],
          ['friendly', t('editorEmojiFriendly')],
        ],
        { none: t('editorEmojiDefault') },
      )}
    </div>
    <div class="field-row">
      ${(['en', 'fr', 'ru'] as const).map((lang) => textField(ctx, [...p, 'locales', lang, 'name'], t('editorPersonaLocalName', lang), { optional: true }))}
    </div>
    ${errorBlock(ctx, [...p, 'locales'])}
  </fieldset>`;
}
