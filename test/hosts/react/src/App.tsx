import { useState } from 'react';
import { JobStats, RecentWork } from 'genshelf/react';

// Your server hands out a short-lived token for the signed-in user.
const tokenProvider = () => fetch('/session/genshelf-token').then((res) => res.text());

export function App() {
  const [opened, setOpened] = useState<string>();
  return (
    <main>
      <JobStats api="/genshelf" tokenProvider={tokenProvider} theme="light" />
      <RecentWork
        api="/genshelf"
        tokenProvider={tokenProvider}
        onGsOpen={(event) => {
          event.preventDefault(); // open it in your own router instead
          setOpened(event.detail.id);
        }}
      />
      {opened && <p id="opened">Opened {opened}</p>}
    </main>
  );
}
