// The share panel. Everyone who is a person on the board gets their personal link (and its QR code)
// to continue on another device. Facilitators get the three invite links (facilitator for a
// co-facilitator, participant, view-only), each one click to copy or to replace (whoever holds the
// old one is disconnected), and decide whether participants may pass the participant link on;
// participants get the participant link while they may.
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { parsePersonalToken, SIGNED_IN_SECRET, type Role } from '../../../../shared/protocol';
import { ApiFailure, boardLink, fetchSession, reissueLink, setParticipantsMayShare, type BoardSessionInfo } from '../../services/api';
import { findKnownBoard, rememberBoard } from '../../services/storage';
import { useBoard } from '../../sync/BoardContext';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { CheckIcon, CopyIcon } from '../../ui/icons';
import { showToast } from '../../ui/Toast';

type Links = NonNullable<BoardSessionInfo['links']>;

export function ShareDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { connection, token, isFacilitator } = useBoard();
  const boardId = connection.boardId;
  const known = open ? findKnownBoard(boardId) : undefined;
  const [links, setLinks] = useState<Links | undefined>(known?.links);
  const [mayShare, setMayShare] = useState<boolean | null>(null);
  const isPerson = token.startsWith('p.');

  // The links as the server has them now (another facilitator may have replaced one).
  useEffect(() => {
    if (!open) return;
    let current = true;
    fetchSession(boardId, token).then(
      (session) => {
        if (!current) return;
        setLinks(session.links);
        setMayShare(session.participantsMayShare);
        rememberBoard({ id: boardId, ...(session.links ? { links: session.links } : {}) });
      },
      () => current && setLinks(findKnownBoard(boardId)?.links),
    );
    return () => {
      current = false;
    };
  }, [open, boardId, token]);

  const replace = async (role: Role, label: string) => {
    try {
      const { token: fresh } = await reissueLink(boardId, token, role);
      setLinks((prev) => ({ ...prev, [role]: fresh }));
      showToast({ message: `${label} replaced: the old one no longer opens the board.` });
    } catch (err) {
      showToast({ message: err instanceof ApiFailure ? err.message : 'The link could not be replaced.', tone: 'error' });
    }
  };

  const toggleSharing = async (next: boolean) => {
    try {
      await setParticipantsMayShare(boardId, token, next);
      setMayShare(next);
    } catch (err) {
      showToast({ message: err instanceof ApiFailure ? err.message : 'The setting could not be saved.', tone: 'error' });
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={isFacilitator ? 'Invite people to the board' : 'Share the board'}
      description="Anyone with a link can open the board; there are no accounts. Share each link only with the people it is for."
    >
      <div className="share-links">
        {links?.participant && (
          <ShareLink
            label="Participant link"
            autoFocus
            description="For everyone in the review: they can add events and factors, vote, and write actions."
            url={boardLink(boardId, links.participant)}
            onReplace={isFacilitator ? () => void replace('participant', 'Participant link') : undefined}
          />
        )}
        {!isFacilitator && !links?.participant && (
          <p className="share-links__missing">The facilitator shares the participant link for this board: ask them to invite someone.</p>
        )}
        {isFacilitator && links?.viewer && (
          <ShareLink
            label="View-only link"
            description="For anyone who should follow along or read the outcome: they cannot change anything."
            url={boardLink(boardId, links.viewer)}
            onReplace={() => void replace('viewer', 'View-only link')}
          />
        )}
        {isFacilitator && links?.viewer && (
          <ShareLink
            label="Room screen link"
            description="For the meeting room's projector or TV: large text, the current phase only, the timer, and the note you point at. View only."
            url={boardLink(boardId, links.viewer, 'projector')}
          />
        )}
        {isFacilitator &&
          (links?.facilitator ? (
            <ShareLink
              label="Facilitator link"
              description="For a co-facilitator: whoever opens it can run the meeting with you. Opening it again after clearing this browser gives you the role back."
              url={boardLink(boardId, links.facilitator)}
              onReplace={() => void replace('facilitator', 'Facilitator link')}
            />
          ) : (
            <div className="share-link">
              <p className="share-link__description">
                This board was made before facilitator links could be copied again. Create a new one to invite a co-facilitator
                (the old one stops working; people already on the board keep their place).
              </p>
              <Button variant="secondary" onClick={() => void replace('facilitator', 'Facilitator link')}>
                Create a facilitator link
              </Button>
            </div>
          ))}
        {isFacilitator && mayShare !== null && (
          <label className="share-links__option">
            <input type="checkbox" checked={mayShare} onChange={(e) => void toggleSharing(e.target.checked)} /> Participants can share
            the participant link
          </label>
        )}
        {isPerson && <PersonalLink url={boardLink(boardId, token)} needsSignIn={parsePersonalToken(token)?.secret === SIGNED_IN_SECRET} />}
      </div>
      {!links && (
        <p className="share-links__missing">
          The share links are not known on this browser yet. Reconnect to the server and open this panel again.
        </p>
      )}
      <div className="dialog__footer">
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
      </div>
    </Dialog>
  );
}

/** This person's own link, with a QR code drawn here (no service sees the link). */
function PersonalLink({ url, needsSignIn }: { url: string; needsSignIn: boolean }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then(
      (made) => current && setSvg(made),
      () => current && setSvg(null),
    );
    return () => {
      current = false;
    };
  }, [url]);
  return (
    <div className="share-link share-link--personal">
      <ShareLink
        label="Your personal link"
        description={
          needsSignIn
            ? 'Opens the board as you on another device where you are signed in (there, the board’s link does too). Signed out, it opens nothing.'
            : 'Opens the board as you on another device (your phone, the meeting-room PC). Keep it to yourself: whoever has it is you here.'
        }
        url={url}
      />
      {svg && (
        <figure className="share-link__qr">
          <div
            role="img"
            aria-label="QR code of your personal link"
            // The SVG is made by the qrcode package from our own URL: no user markup reaches it.
            dangerouslySetInnerHTML={{ __html: svg }}
          />
          <figcaption>Scan it with the other device’s camera.</figcaption>
        </figure>
      )}
    </div>
  );
}

function ShareLink({
  label,
  description,
  url,
  autoFocus,
  onReplace,
}: {
  label: string;
  description: string;
  url: string;
  autoFocus?: boolean;
  onReplace?: (() => void) | undefined;
}) {
  const [copied, setCopied] = useState(false);
  const id = label.toLowerCase().replace(/\W+/g, '-');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
      showToast({ message: `${label} copied.` });
      window.setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard refused (insecure context, permissions): select it for a manual copy.
      const input = document.getElementById(id) as HTMLInputElement | null;
      input?.select();
      showToast({ message: 'Press Ctrl+C to copy the selected link.' });
    }
  };
  return (
    <div className="share-link">
      <label className="share-link__label" htmlFor={id}>
        {label}
      </label>
      <p className="share-link__description">{description}</p>
      <div className="share-link__row">
        <input id={id} className="input share-link__url" value={url} readOnly onFocus={(e) => e.currentTarget.select()} />
        <Button variant="secondary" icon={copied ? <CheckIcon /> : <CopyIcon />} onClick={copy} aria-label={`Copy ${label.toLowerCase()}`} data-autofocus={autoFocus ? '' : undefined}>
          {copied ? 'Copied' : 'Copy'}
        </Button>
        {onReplace && (
          <Button variant="secondary" onClick={onReplace} aria-label={`Replace ${label.toLowerCase()}`} title="Make a new link; the old one stops working">
            Replace
          </Button>
        )}
      </div>
    </div>
  );
}
