package slack

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/relctl/relctl/providers"
)

// ActionMessage is the action type that posts a message.
const ActionMessage = "slack_message"

func schema() providers.ProviderSchema {
	return providers.ProviderSchema{
		Config: map[string]providers.Attribute{},
		Actions: map[string]providers.ActionSchema{
			ActionMessage: {
				Description: "Posts a message to a Slack incoming webhook. Irreversible: a sent message cannot be unsent.",
				Attributes: map[string]providers.Attribute{
					"webhook_url": {Type: cty.String, Required: true, Sensitive: true, Description: "The incoming " +
						"webhook's URL, a secret: typically env(\"SLACK_WEBHOOK\"). Never stored or shown."},
					"text": {Type: cty.String, Required: true, Description: "The message (Slack mrkdwn); " +
						"with blocks, the notification's fallback text."},
					"channel":    {Type: cty.String, Description: "Channel to post to (\"#releases\"), for legacy webhooks; app webhooks post to their own channel."},
					"username":   {Type: cty.String, Description: "Name shown as the sender, for legacy webhooks."},
					"icon_emoji": {Type: cty.String, Description: "Emoji shown as the sender's icon (\":rocket:\"), for legacy webhooks."},
					"blocks":     {Type: cty.String, Description: "Block Kit blocks as a JSON array, e.g. jsonencode([...])."},
				},
				Outputs: map[string]cty.Type{"sent_at": cty.String},
			},
		},
	}
}
